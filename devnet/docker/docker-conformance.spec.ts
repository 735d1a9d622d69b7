/**
 * The cosmjs conformance suites against the docker compose devnet. Runs only when
 * scripts/docker-devnet-test.sh has brought the devnet up and set DOCKER_DEVNET_RPC /
 * DOCKER_DEVNET_READ_RPC; skipped otherwise.
 */
import config from "../../fieldnet.config";
import { devAccounts } from "../accounts";
import { cosmjsConformanceSuite } from "../conformance/cosmjs-suite";
import { rejectionsSuite } from "../conformance/rejections-suite";
import type { ConformanceTarget } from "../conformance/target";

const rpcUrl = process.env.DOCKER_DEVNET_RPC;
const readRpcUrl = process.env.DOCKER_DEVNET_READ_RPC ?? rpcUrl;
const run = rpcUrl ? describe : describe.skip;

const target = (): ConformanceTarget => ({
  name: "docker",
  rpcUrl: rpcUrl!,
  readRpcUrl: readRpcUrl!,
  chainId: config.chainId,
  denom: config.denom,
  prefix: config.bech32Prefix,
  minGasPrice: config.minGasPrice,
  // The compose genesis funds the same deterministic dev accounts as every other devnet.
  mnemonics: devAccounts(config.bech32Prefix, config.devAccounts.count, config.devAccounts.mnemonics).map((a) => a.mnemonic),
  stop: async () => undefined,
});

run("cosmjs against the docker compose devnet", () => {
  cosmjsConformanceSuite(target, { sender: 0 });
});

run("rejections against the docker compose devnet", () => {
  rejectionsSuite(target, 2);
});
