/**
 * The plugin test kit: runs a plugin against a REAL in-process Fieldnet app (createApp from a
 * network config containing the plugin, driven through ABCI by TestChain), with cosmjs-signed txs.
 *
 *   const kit = await AppTestKit.start({ plugins: [myPlugin], networkTypes: [{ plugin: "my-type", params }] });
 *   const device = await kit.registerDevice({ networkType: "my-type", metadata: { ... } });
 *   const [outcome] = await kit.submitProofs([{ device, payload: { ... } }]);
 *   await kit.advanceToNextEpoch();
 *   expect(await kit.pendingRewards(device)).toBeGreaterThan(0n);
 *   await kit.close();
 *
 * `AppTestKit.checkDeterminism(options, script)` runs one script on two fresh app instances and
 * compares every block's app hash and every verdict. Plugin calls run under the determinism guard
 * inside the app (Date, Math.random, timers and I/O throw), so a plugin using them gets PLUGIN_ERROR.
 */
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { Secp256k1, sha256 as cosmSha256 } from "@cosmjs/crypto";
import { encodePubkey, makeAuthInfoBytes, makeSignDoc, Registry, type EncodeObject, type GeneratedType } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import { SignDoc, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import type { ExecTxResult, Event } from "cosmjs-types/tendermint/abci/types";
import { createApp, type FieldnetApp } from "../app/app";
import { buildGenesisAppState } from "../app/genesis";
import type { DepinGenesisConfig, GenesisNetworkType, NetworkConfig } from "../app/network-config";
import { TestChain } from "../app/testing/test-chain";
import { accountFromMnemonic, testMnemonic, type TestAccount } from "../app/testing/test-accounts";
import * as registryTx from "../../generated/depin/registry/v1/tx";
import * as proofsTx from "../../generated/depin/proofs/v1/tx";
import * as rewardsTx from "../../generated/depin/rewards/v1/tx";
import * as paymentsTx from "../../generated/depin/payments/v1/tx";
import { ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { QueryPendingRewardsRequest, QueryPendingRewardsResponse, QueryCurrentEpochRequest, QueryCurrentEpochResponse } from "../../generated/depin/rewards/v1/query";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { canonicalJsonBytes } from "./canonical-json";
import { DeviceSigner, type SignedProof } from "./device-signer";
import type { NetworkPlugin } from "./types";

/** A cosmjs Registry with every Fieldnet DePIN Msg (for SigningStargateClient too). */
export function depinRegistry(): Registry {
  const types: Array<[string, GeneratedType]> = [...defaultRegistryTypes];
  const add = (pkg: string, mod: Record<string, unknown>) => {
    for (const [name, codec] of Object.entries(mod)) {
      if (/^Msg[A-Za-z]+$/.test(name) && !name.endsWith("Response") && name !== "MsgClientImpl") types.push([`/${pkg}.${name}`, codec as GeneratedType]);
    }
  };
  add("depin.registry.v1", registryTx);
  add("depin.proofs.v1", proofsTx);
  add("depin.rewards.v1", rewardsTx);
  add("depin.payments.v1", paymentsTx);
  return new Registry(types);
}

export interface AppTestKitOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly plugins: readonly NetworkPlugin<any, any, any>[];
  readonly networkTypes: readonly GenesisNetworkType[];
  /** Other DePIN genesis settings (rewards epoch length, fees...). */
  readonly depin?: Omit<DepinGenesisConfig, "networkTypes" | "authority">;
  /** Funded owner accounts (owner 0 is also the authority and default gateway). Default 3. */
  readonly owners?: number;
  readonly chainId?: string;
  readonly blockStepMs?: bigint;
  /** Label namespace for deterministic device keys. */
  readonly namespace?: string;
  /** Directory for the app's state, file-backed as on a node (default ":memory:"). */
  readonly home?: string;
}

export interface KitDevice {
  readonly id: string;
  readonly signer: DeviceSigner;
  readonly networkType: string;
  readonly owner: number;
}

export interface ProofInput {
  readonly device: KitDevice;
  readonly payload: unknown;
  /** Default: the block time of the block the proof will be in. */
  readonly timestampMs?: bigint;
  readonly sequence?: bigint;
  readonly networkType?: string;
}

export interface TxOutcome {
  readonly result: ExecTxResult;
  readonly checkCode: number;
  readonly height: bigint;
}

const GENESIS_MS = 1_767_225_600_000n;

export class AppTestKit {
  readonly registry = depinRegistry();
  /** Next tx sequence per owner account (advanced by deliver; advance it yourself when driving `chain` directly). */
  readonly sequences: bigint[];
  private deviceCounter = 0;
  private readonly stepMs: bigint;

  private constructor(
    readonly app: FieldnetApp,
    readonly chain: TestChain,
    readonly config: NetworkConfig,
    readonly owners: readonly TestAccount[],
    private readonly namespace: string,
    stepMs: bigint,
  ) {
    this.sequences = owners.map(() => 0n);
    this.stepMs = stepMs;
  }

  static async start(options: AppTestKitOptions): Promise<AppTestKit> {
    const namespace = options.namespace ?? "kit";
    const owners = await Promise.all(Array.from({ length: options.owners ?? 3 }, (_, i) => accountFromMnemonic(testMnemonic(i, `fieldnet kit ${namespace}`), "depin")));
    const config: NetworkConfig = {
      chainId: options.chainId ?? "fieldnet-kit-1",
      bech32Prefix: "depin",
      denom: "ufield",
      minGasPrice: "0.025",
      devAccounts: { count: 0, balance: "0" },
      plugins: options.plugins,
      depin: { ...options.depin, authority: owners[0].address, networkTypes: options.networkTypes },
    };
    const app = createApp(config, { home: options.home ?? ":memory:" });
    const appState = buildGenesisAppState(config, owners.map((o) => ({ address: o.address, amount: "1000000000000000" })));
    const stepMs = options.blockStepMs ?? 1000n;
    try {
      const chain = await TestChain.start(app, { chainId: config.chainId, appState, genesisTimeMs: GENESIS_MS, blockStepMs: stepMs });
      await chain.deliver();
      return new AppTestKit(app, chain, config, owners, namespace, stepMs);
    } catch (error) {
      // A genesis the app refuses (e.g. invalid plugin params) must not leave its signature worker
      // running: the test's process would never exit.
      await app.close();
      throw error;
    }
  }

  get height(): bigint {
    return this.chain.lastHeight;
  }

  /** Block time of the next block (proofs default to it). */
  get nextBlockTimeMs(): bigint {
    return GENESIS_MS + (this.chain.lastHeight + 1n) * this.stepMs;
  }

  get lastAppHash(): string {
    const last = this.chain.blocks[this.chain.blocks.length - 1];
    return last ? Buffer.from(last.appHash).toString("hex") : "";
  }

  /** Signs `messages` as owner `signer` (SIGN_MODE_DIRECT) with enough gas and the fee floor. */
  async signTx(messages: readonly EncodeObject[], signer = 0, gas = 50_000_000n): Promise<Uint8Array> {
    const account = this.owners[signer];
    const bodyBytes = this.registry.encodeTxBody({ messages: [...messages], memo: "" });
    const fee = ((gas * 25n + 999n) / 1000n).toString();
    const authInfoBytes = makeAuthInfoBytes([{ pubkey: encodePubkey(encodeSecp256k1Pubkey(account.pubkey)), sequence: Number(this.sequences[signer]) }], [{ denom: "ufield", amount: fee }], Number(gas), undefined, undefined);
    const signDoc = makeSignDoc(bodyBytes, authInfoBytes, this.config.chainId, signer);
    const signature = await Secp256k1.createSignature(cosmSha256(SignDoc.encode(signDoc).finish()), account.privkey);
    return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [new Uint8Array([...signature.r(32), ...signature.s(32)])] }).finish();
  }

  /** CheckTx + one block with this tx. The signer's sequence advances when the tx entered the block. */
  async deliver(messages: readonly EncodeObject[], signer = 0): Promise<TxOutcome> {
    const tx = await this.signTx(messages, signer);
    const { checks, block } = await this.chain.deliverChecked([tx]);
    if (checks[0].code === 0) this.sequences[signer]++;
    const result = block.txResults[0] ?? { code: checks[0].code, codespace: checks[0].codespace, log: checks[0].log, data: new Uint8Array(), events: [], gasUsed: 0n, gasWanted: 0n, info: "" };
    return { result, checkCode: checks[0].code, height: block.height };
  }

  /** Deterministic device key for the kit (same options, same keys). */
  newDeviceSigner(): DeviceSigner {
    return DeviceSigner.fromLabel(`${this.namespace}/${++this.deviceCounter}`);
  }

  registerMsg(signer: DeviceSigner, args: { networkType: string; metadata: unknown; location?: string; owner?: number; deviceNonce?: bigint; withSignature?: boolean }): EncodeObject {
    const owner = this.owners[args.owner ?? 0].address;
    const deviceNonce = args.deviceNonce ?? 1n;
    return {
      typeUrl: "/depin.registry.v1.MsgRegisterDevice",
      value: registryTx.MsgRegisterDevice.fromPartial({
        owner,
        networkType: args.networkType,
        keyType: signer.keyType,
        pubkey: signer.pubkey,
        metadataJson: args.metadata instanceof Uint8Array ? args.metadata : canonicalJsonBytes(args.metadata),
        location: args.location ?? "",
        deviceNonce,
        deviceSignature: args.withSignature === false ? new Uint8Array() : signer.signRegistration({ chainId: this.config.chainId, owner, networkType: args.networkType, deviceNonce }),
      }),
    };
  }

  /** Registers a device (throws with the chain's log if the tx fails). */
  async registerDevice(args: { networkType: string; metadata: unknown; location?: string; owner?: number }): Promise<KitDevice> {
    const signer = this.newDeviceSigner();
    const { result } = await this.deliver([this.registerMsg(signer, args)], args.owner ?? 0);
    if (result.code !== 0) throw new Error(`registerDevice failed: ${result.codespace}/${result.code} ${result.log}`);
    return { id: signer.id, signer, networkType: args.networkType, owner: args.owner ?? 0 };
  }

  /** Registers many devices in one block (one tx per owner, several msgs each). */
  async registerDevices(specs: ReadonlyArray<{ networkType: string; metadata: unknown; location?: string; owner?: number }>): Promise<KitDevice[]> {
    const devices = specs.map((spec) => ({ spec, signer: this.newDeviceSigner() }));
    const byOwner = new Map<number, EncodeObject[]>();
    for (const { spec, signer } of devices) {
      const owner = spec.owner ?? 0;
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), this.registerMsg(signer, spec)]);
    }
    const txs: Uint8Array[] = [];
    const signers = [...byOwner.keys()].sort((a, b) => a - b);
    for (const owner of signers) txs.push(await this.signTx(byOwner.get(owner)!, owner));
    const { checks, block } = await this.chain.deliverChecked(txs);
    checks.forEach((check, i) => {
      if (check.code !== 0) throw new Error(`registerDevices: CheckTx failed: ${check.log}`);
      this.sequences[signers[i]]++;
    });
    for (const result of block.txResults) if (result.code !== 0) throw new Error(`registerDevices failed: ${result.log}`);
    return devices.map(({ spec, signer }) => ({ id: signer.id, signer, networkType: spec.networkType, owner: spec.owner ?? 0 }));
  }

  signProof(input: ProofInput): SignedProof {
    return input.device.signer.signProof(this.config.chainId, input.payload, input.timestampMs ?? this.nextBlockTimeMs, { sequence: input.sequence, networkType: input.networkType });
  }

  submitMsg(proofs: readonly SignedProof[], submitter = 0): EncodeObject {
    return { typeUrl: "/depin.proofs.v1.MsgSubmitProofs", value: proofsTx.MsgSubmitProofs.fromPartial({ submitter: this.owners[submitter].address, proofs: [...proofs] }) };
  }

  /** Submits proofs in one tx (one block); returns one outcome per proof. Throws if the tx failed. */
  async submitProofs(inputs: readonly (ProofInput | SignedProof)[], submitter = 0): Promise<ProofOutcome[]> {
    const proofs = inputs.map((input) => ("signature" in input ? input : this.signProof(input)));
    const { result } = await this.deliver([this.submitMsg(proofs, submitter)], submitter);
    if (result.code !== 0) throw new Error(`MsgSubmitProofs failed: ${result.codespace}/${result.code} ${result.log}`);
    const data = TxMsgData.decode(result.data);
    return proofsTx.MsgSubmitProofsResponse.decode(data.msgResponses[0].value).outcomes;
  }

  async advanceBlocks(n: number): Promise<void> {
    for (let i = 0; i < n; i++) await this.chain.deliver();
  }

  /** Produces blocks until the open epoch closes; returns the block-level events of the closing block. */
  async advanceToNextEpoch(): Promise<Event[]> {
    const current = QueryCurrentEpochResponse.decode((await this.chain.query("/depin.rewards.v1.Query/CurrentEpoch", QueryCurrentEpochRequest.encode({}).finish())).value);
    while (this.chain.lastHeight < current.endHeight) await this.chain.deliver();
    return this.chain.blocks[this.chain.blocks.length - 1].response.events;
  }

  async query<Req, Res>(path: string, req: { encode(m: Req): { finish(): Uint8Array } }, request: Req, res: { decode(b: Uint8Array): Res }): Promise<Res> {
    const response = await this.chain.query(path, req.encode(request).finish());
    if (response.code !== 0) throw new Error(`query ${path}: ${response.codespace}/${response.code} ${response.log}`);
    return res.decode(response.value);
  }

  async pendingRewards(device: KitDevice): Promise<bigint> {
    const r = await this.query("/depin.rewards.v1.Query/PendingRewards", QueryPendingRewardsRequest, { deviceId: device.id }, QueryPendingRewardsResponse);
    return BigInt(r.reward?.pending ?? "0");
  }

  async balance(owner: number): Promise<bigint> {
    const r = await this.query("/cosmos.bank.v1beta1.Query/Balance", QueryBalanceRequest, { address: this.owners[owner].address, denom: "ufield" }, QueryBalanceResponse);
    return BigInt(r.balance?.amount ?? "0");
  }

  async claim(owner: number, deviceIds: string[] = []): Promise<TxOutcome> {
    return this.deliver([{ typeUrl: "/depin.rewards.v1.MsgClaimRewards", value: rewardsTx.MsgClaimRewards.fromPartial({ owner: this.owners[owner].address, deviceIds }) }], owner);
  }

  /** Every module invariant against the latest committed state ([] = all hold). */
  invariants(): string[] {
    return this.app.checkInvariants();
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /**
   * Runs `script` on two fresh app instances built from the same options and compares the app
   * hash after every block and the script's returned verdicts. Returns what the first run returned.
   */
  static async checkDeterminism<T>(options: AppTestKitOptions, script: (kit: AppTestKit) => Promise<T>): Promise<{ result: T; appHashes: string[] }> {
    const runs: Array<{ result: T; appHashes: string[] }> = [];
    for (let i = 0; i < 2; i++) {
      const kit = await AppTestKit.start(options);
      try {
        const result = await script(kit);
        runs.push({ result, appHashes: kit.chain.blocks.map((b) => Buffer.from(b.appHash).toString("hex")) });
      } finally {
        await kit.close();
      }
    }
    const [a, b] = runs;
    if (a.appHashes.length !== b.appHashes.length) throw new Error(`determinism: runs produced ${a.appHashes.length} and ${b.appHashes.length} blocks`);
    a.appHashes.forEach((hash, i) => {
      if (hash !== b.appHashes[i]) throw new Error(`determinism: app hash differs at block ${i + 1}: ${hash} vs ${b.appHashes[i]}`);
    });
    const ja = JSON.stringify(a.result, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
    const jb = JSON.stringify(b.result, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
    if (ja !== jb) throw new Error("determinism: the script's verdicts differ between the two runs");
    return a;
  }
}
