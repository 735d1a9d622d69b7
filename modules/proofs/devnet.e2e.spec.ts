/**
 * End to end against the embedded devnet through cosmjs (SigningStargateClient with a Registry
 * extended with the generated DePIN Msg types): register devices, submit proofs, close an epoch,
 * claim. The repo's own network config (both bundled plugins), with short epochs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as h3 from "h3-js";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { GasPrice, SigningStargateClient, assertIsDeliverTxSuccess } from "@cosmjs/stargate";
import baseConfig from "../../fieldnet.config";
import { startDevnet, type RunningDevnet } from "../../devnet/devnet";
import { depinRegistry } from "../plugin/test-kit";
import { DeviceSigner } from "../plugin/device-signer";
import { canonicalJsonBytes } from "../plugin/canonical-json";
import { MsgRegisterDevice } from "../../generated/depin/registry/v1/tx";
import { MsgSubmitProofs, MsgSubmitProofsResponse } from "../../generated/depin/proofs/v1/tx";
import { MsgClaimRewards, MsgClaimRewardsResponse } from "../../generated/depin/rewards/v1/tx";
import { QueryCurrentEpochRequest, QueryCurrentEpochResponse, QueryPendingRewardsRequest, QueryPendingRewardsResponse } from "../../generated/depin/rewards/v1/query";

const config = { ...baseConfig, depin: { ...baseConfig.depin, rewards: { ...baseConfig.depin?.rewards, epochLengthBlocks: 5 } } };

let devnet: RunningDevnet;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "fieldnet-depin-e2e-"));
  // Two signature workers: the proofs' device signatures are split between them (1 is the default).
  devnet = await startDevnet({ config, home, port: 0, blockTimeMs: 200, signatureWorkers: 2 });
});

afterAll(async () => {
  await devnet?.stop();
  rmSync(home, { recursive: true, force: true });
});

async function abciQuery<Res>(_client: SigningStargateClient, path: string, data: Uint8Array, decode: (b: Uint8Array) => Res): Promise<Res> {
  const comet = await Comet38Client.connect(devnet.rpcUrl);
  const response = await comet.abciQuery({ path, data });
  comet.disconnect();
  if (response.code !== 0) throw new Error(`${path}: ${response.log}`);
  return decode(response.value);
}

it("registers devices, submits proofs, closes an epoch and claims through cosmjs", async () => {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(devnet.accounts[1].mnemonic, { prefix: config.bech32Prefix });
  const [{ address: owner }] = await wallet.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(devnet.rpcUrl, wallet, {
    registry: depinRegistry(),
    gasPrice: GasPrice.fromString(`${config.minGasPrice}${config.denom}`),
    broadcastPollIntervalMs: 100,
  });
  try {
    const chainId = await client.getChainId();
    const meter = DeviceSigner.fromLabel("e2e meter");
    const sensor = DeviceSigner.fromLabel("e2e sensor");
    const register = (signer: DeviceSigner, networkType: string, metadata: unknown, location = "") => ({
      typeUrl: "/depin.registry.v1.MsgRegisterDevice",
      value: MsgRegisterDevice.fromPartial({
        owner, networkType, keyType: signer.keyType, pubkey: signer.pubkey, metadataJson: canonicalJsonBytes(metadata), location, deviceNonce: 1n,
        deviceSignature: signer.signRegistration({ chainId, owner, networkType, deviceNonce: 1n }),
      }),
    });
    const reg = await client.signAndBroadcast(owner, [register(meter, "energy-meter", { ratedPowerW: 5000 }), register(sensor, "env-sensor", {}, h3.latLngToCell(52.52, 13.405, 12))], "auto");
    assertIsDeliverTxSuccess(reg);

    const submit = async (readAt: number, counterWh: number) => {
      const now = BigInt(Date.now());
      const proofs = [
        meter.signProof(chainId, { counterWh, readAt }, now),
        sensor.signProof(chainId, { readAt, metrics: { temperature_cC: 2100 } }, now),
      ];
      const result = await client.signAndBroadcast(owner, [{ typeUrl: "/depin.proofs.v1.MsgSubmitProofs", value: MsgSubmitProofs.fromPartial({ submitter: owner, proofs }) }], "auto");
      assertIsDeliverTxSuccess(result);
      return MsgSubmitProofsResponse.decode((result.msgResponses[0] as { value: Uint8Array }).value).outcomes;
    };
    const t = Math.floor(Date.now() / 1000);
    const first = await submit(t - 400, 1000);
    expect(first.map((o) => o.accepted)).toEqual([true, true]);
    const second = await submit(t, 1100);
    expect(second.map((o) => [o.accepted, o.units])).toEqual([[true, "100"], [true, "100"]]);

    // Wait for the epoch of the accepted proofs to close.
    const epoch = second[0].epoch;
    for (;;) {
      const current = await abciQuery(client, "/depin.rewards.v1.Query/CurrentEpoch", QueryCurrentEpochRequest.encode({}).finish(), QueryCurrentEpochResponse.decode);
      if (current.epoch > epoch) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const pending = await abciQuery(client, "/depin.rewards.v1.Query/PendingRewards", QueryPendingRewardsRequest.encode({ deviceId: meter.id }).finish(), QueryPendingRewardsResponse.decode);
    expect(BigInt(pending.reward!.pending)).toBeGreaterThan(0n);
    const claim = await client.signAndBroadcast(owner, [{ typeUrl: "/depin.rewards.v1.MsgClaimRewards", value: MsgClaimRewards.fromPartial({ owner, deviceIds: [] }) }], "auto");
    assertIsDeliverTxSuccess(claim);
    const claimed = MsgClaimRewardsResponse.decode((claim.msgResponses[0] as { value: Uint8Array }).value);
    expect(BigInt(claimed.amount!.amount)).toBeGreaterThanOrEqual(BigInt(pending.reward!.pending));
  } finally {
    client.disconnect();
  }
});
