/**
 * Drives a devnet the way a user would: cosmjs SigningStargateClient with the DePIN Msgs
 * registered, device keys from the plugin kit's DeviceSigner, chain queries over abci_query.
 */
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, type DeliverTxResponse } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { depinRegistry } from "../../modules/plugin/test-kit";
import { DeviceSigner } from "../../modules/plugin/device-signer";
import { canonicalJsonBytes } from "../../modules/plugin/canonical-json";
import * as registryTx from "../../generated/depin/registry/v1/tx";
import * as proofsTx from "../../generated/depin/proofs/v1/tx";
import * as rewardsTx from "../../generated/depin/rewards/v1/tx";
import type { ProofOutcome } from "../../generated/depin/proofs/v1/types";

export interface Owner {
  readonly address: string;
  readonly client: SigningStargateClient;
}

export interface DriverDevice {
  readonly id: string;
  readonly signer: DeviceSigner;
  readonly owner: string;
  readonly networkType: string;
}

interface Codec<T> {
  encode(m: T): { finish(): Uint8Array };
  decode(b: Uint8Array): T;
  fromPartial(o: unknown): T;
}

export class ChainDriver {
  private counter = 0;

  private constructor(readonly rpc: Comet38Client, readonly owners: readonly Owner[], readonly chainId: string, private readonly label: string) {}

  static async connect(rpcUrl: string, mnemonics: readonly string[], chainId: string, label = "idx"): Promise<ChainDriver> {
    const owners: Owner[] = [];
    for (const mnemonic of mnemonics) {
      const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "depin" });
      const [{ address }] = await wallet.getAccounts();
      const client = await SigningStargateClient.connectWithSigner(rpcUrl, wallet, { registry: depinRegistry(), gasPrice: GasPrice.fromString("0.025ufield"), broadcastPollIntervalMs: 100 });
      owners.push({ address, client });
    }
    return new ChainDriver(await Comet38Client.connect(rpcUrl), owners, chainId, label);
  }

  private async send(owner: number, messages: Array<{ typeUrl: string; value: unknown }>, gasMultiplier = 2): Promise<DeliverTxResponse> {
    const o = this.owners[owner];
    const res = await o.client.signAndBroadcast(o.address, messages, gasMultiplier) // simulate x2: gas of proofs and settlements varies with the block they land in;
    if (res.code !== 0) throw new Error(`tx failed ${res.code}: ${res.rawLog}`);
    return res;
  }

  async registerDevices(owner: number, specs: ReadonlyArray<{ networkType: string; metadata: unknown; location?: string }>): Promise<DriverDevice[]> {
    const address = this.owners[owner].address;
    const devices = specs.map((s) => ({ spec: s, signer: DeviceSigner.fromLabel(`${this.label}/${this.chainId}/${++this.counter}`) }));
    await this.send(
      owner,
      devices.map(({ spec, signer }) => ({
        typeUrl: "/depin.registry.v1.MsgRegisterDevice",
        value: registryTx.MsgRegisterDevice.fromPartial({
          owner: address, networkType: spec.networkType, keyType: signer.keyType, pubkey: signer.pubkey, metadataJson: canonicalJsonBytes(spec.metadata),
          location: spec.location ?? "", deviceNonce: 1n, deviceSignature: signer.signRegistration({ chainId: this.chainId, owner: address, networkType: spec.networkType, deviceNonce: 1n }),
        }),
      })),
    );
    return devices.map(({ spec, signer }) => ({ id: signer.id, signer, owner: address, networkType: spec.networkType }));
  }

  async submitProofs(submitter: number, proofs: ReadonlyArray<{ device: DriverDevice; payload: unknown; sequence?: bigint }>): Promise<ProofOutcome[]> {
    const now = BigInt(Date.now());
    const signed = proofs.map((p) => p.device.signer.signProof(this.chainId, p.payload, now, { sequence: p.sequence }));
    const res = await this.send(submitter, [{ typeUrl: "/depin.proofs.v1.MsgSubmitProofs", value: proofsTx.MsgSubmitProofs.fromPartial({ submitter: this.owners[submitter].address, proofs: signed }) }]);
    return proofsTx.MsgSubmitProofsResponse.decode(res.msgResponses[0].value).outcomes;
  }

  async transferDevice(owner: number, deviceId: string, to: string): Promise<void> {
    await this.send(owner, [{ typeUrl: "/depin.registry.v1.MsgTransferDevice", value: registryTx.MsgTransferDevice.fromPartial({ owner: this.owners[owner].address, deviceId, newOwner: to }) }]);
  }

  async deactivateDevice(owner: number, deviceId: string): Promise<void> {
    await this.send(owner, [{ typeUrl: "/depin.registry.v1.MsgDeactivateDevice", value: registryTx.MsgDeactivateDevice.fromPartial({ owner: this.owners[owner].address, deviceId }) }]);
  }

  async claim(owner: number): Promise<DeliverTxResponse> {
    // x3: simulated before an epoch close and landing after it, a claim also settles every device (about 2x the gas).
    return this.send(owner, [{ typeUrl: "/depin.rewards.v1.MsgClaimRewards", value: rewardsTx.MsgClaimRewards.fromPartial({ owner: this.owners[owner].address, deviceIds: [] }) }], 3);
  }

  async sendTokens(from: number, to: string, amount: string): Promise<void> {
    const o = this.owners[from];
    const res = await o.client.sendTokens(o.address, to, [{ denom: "ufield", amount }], "auto");
    if (res.code !== 0) throw new Error(`send failed: ${res.rawLog}`);
  }

  async height(): Promise<number> {
    return (await this.rpc.status()).syncInfo.latestBlockHeight;
  }

  async query<Req, Res>(path: string, reqCodec: Codec<Req>, req: unknown, resCodec: Codec<Res>, height?: number): Promise<Res> {
    const r = await this.rpc.abciQuery({ path, data: reqCodec.encode(reqCodec.fromPartial(req)).finish(), height });
    if (r.code !== 0) throw new Error(`query ${path}: ${r.code} ${r.log}`);
    return resCodec.decode(r.value);
  }

  close(): void {
    for (const o of this.owners) o.client.disconnect();
    this.rpc.disconnect();
  }
}
