/**
 * The cosmjs conformance suites against the embedded devnet engine (automine and timed blocks).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import config from "../../fieldnet.config";
import { startDevnet, type RunningDevnet } from "../devnet";
import { cosmjsConformanceSuite } from "./cosmjs-suite";
import { batchBroadcastSuite } from "./batch-broadcast-suite";
import { rejectionsSuite } from "./rejections-suite";
import type { ConformanceTarget } from "./target";

let devnet: RunningDevnet;
let home: string;
let target: ConformanceTarget;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "fieldnet-conformance-"));
  devnet = await startDevnet({ config, home, port: 0, blockTimeMs: 200 });
  target = {
    name: "embedded",
    rpcUrl: devnet.rpcUrl,
    readRpcUrl: devnet.rpcUrl,
    chainId: devnet.chainId,
    denom: config.denom,
    prefix: config.bech32Prefix,
    minGasPrice: config.minGasPrice,
    mnemonics: devnet.accounts.map((account) => account.mnemonic),
    stop: () => devnet.stop(),
  };
});

afterAll(async () => {
  await devnet?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe("cosmjs against the embedded devnet", () => {
  cosmjsConformanceSuite(() => target, { sender: 0 });
});

describe("rejections against the embedded devnet", () => {
  rejectionsSuite(() => target, 2);
});

describe("JSON-RPC batch broadcast against the embedded devnet", () => {
  batchBroadcastSuite(() => target, 4);
});
