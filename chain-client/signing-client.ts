/**
 * SigningFieldnetClient: cosmjs's SigningStargateClient with the depin Msg types in its Registry,
 * the depin query extensions (`client.depin`), a short poll interval for the fast devnet, a default
 * gas price, and one typed helper per Msg. Helpers throw FieldnetTxError (codespace, code, log) on
 * any rejection, CheckTx or DeliverTx, and return the decoded Msg response.
 */
import type { EncodeObject, OfflineSigner } from "@cosmjs/proto-signing";
import { BroadcastTxError, GasPrice, SigningStargateClient, TimeoutError, type Coin, type DeliverTxResponse, type SigningStargateClientOptions, type StdFee } from "@cosmjs/stargate";
import { connectComet, type CometClient, type HttpEndpoint } from "@cosmjs/tendermint-rpc";
import type { ProofOutcome, Proof, Params as ProofsParams } from "../generated/depin/proofs/v1/types";
import type { Params as RegistryParams } from "../generated/depin/registry/v1/types";
import type { DeviceClaim, Params as RewardsParams } from "../generated/depin/rewards/v1/types";
import { MsgRegisterDeviceResponse } from "../generated/depin/registry/v1/tx";
import { MsgSubmitProofsResponse } from "../generated/depin/proofs/v1/tx";
import { MsgClaimRewardsResponse } from "../generated/depin/rewards/v1/tx";
import { MsgBuyCreditsResponse, MsgSubmitUsageResponse } from "../generated/depin/payments/v1/tx";
import type { ReceiptOutcome, UsageReceipt } from "../generated/depin/payments/v1/types";
import { canonicalJsonBytes } from "../modules/plugin/canonical-json";
import { FieldnetQueryError, FieldnetTimeoutError, FieldnetTxError } from "./errors";
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { msgs } from "./messages";
import { createFieldnetQueryClient, type FieldnetQueryClient } from "./query";
import { fieldnetRegistry, TypeUrls } from "./registry";
import type { DeviceKey } from "./device/keys";
import { signRegistration } from "./device/proofs";
import { broadcastSyncOrThrow } from "./broadcast";

export const DEFAULT_GAS_PRICE = "0.025ufield";
export const DEFAULT_BROADCAST_POLL_INTERVAL_MS = 200;

export interface SigningFieldnetClientOptions extends SigningStargateClientOptions {
  /** The account that signs (default: the signer's first account). */
  readonly sender?: string;
}

export type Fee = StdFee | "auto" | number;

export interface TxResult<T> {
  readonly response: T;
  readonly tx: DeliverTxResponse;
}

export interface RegisterDeviceArgs {
  readonly key: DeviceKey;
  readonly networkType: string;
  /** JSON metadata (object, encoded canonically) or canonical bytes. */
  readonly metadata?: unknown;
  /** H3 cell (lowercase hex). */
  readonly location?: string;
  /** > the last registration nonce of this key; default 1 (a new device). */
  readonly deviceNonce?: bigint | number;
}

export class SigningFieldnetClient extends SigningStargateClient {
  readonly depin: FieldnetQueryClient;
  /** The address this client signs with. */
  readonly sender: string;

  private rpcUrl: string | undefined;

  private readonly offlineSigner: OfflineSigner;

  protected constructor(comet: CometClient, signer: OfflineSigner, sender: string, options: SigningStargateClientOptions) {
    super(comet, signer, options);
    this.offlineSigner = signer;
    this.depin = createFieldnetQueryClient(comet);
    this.sender = sender;
  }

  /** See broadcast.ts: reads CheckTx's code/log without cosmjs's base64 decoding of `data`. */
  override async broadcastTxSync(tx: Uint8Array): Promise<string> {
    if (this.rpcUrl === undefined) return super.broadcastTxSync(tx);
    return broadcastSyncOrThrow(this.rpcUrl, tx);
  }

  static override async connectWithSigner(endpoint: string | HttpEndpoint, signer: OfflineSigner, options: SigningFieldnetClientOptions = {}): Promise<SigningFieldnetClient> {
    const client = await SigningFieldnetClient.fromComet(await connectComet(endpoint), signer, options);
    client.rpcUrl = typeof endpoint === "string" ? endpoint : endpoint.url;
    return client;
  }

  static async fromComet(comet: CometClient, signer: OfflineSigner, options: SigningFieldnetClientOptions = {}): Promise<SigningFieldnetClient> {
    const sender = options.sender ?? (await signer.getAccounts())[0]?.address;
    if (!sender) throw new Error("the signer has no accounts");
    return new SigningFieldnetClient(comet, signer, sender, {
      registry: fieldnetRegistry(),
      gasPrice: GasPrice.fromString(DEFAULT_GAS_PRICE),
      broadcastPollIntervalMs: DEFAULT_BROADCAST_POLL_INTERVAL_MS,
      broadcastTimeoutMs: 30_000,
      ...options,
    });
  }

  /**
   * signAndBroadcast that throws FieldnetTxError on CheckTx or DeliverTx failure and
   * FieldnetTimeoutError when the tx is not seen in a block in time.
   */
  async execute(messages: readonly EncodeObject[], fee: Fee = "auto", memo = ""): Promise<DeliverTxResponse> {
    let tx: DeliverTxResponse;
    try {
      tx = await this.signAndBroadcast(this.sender, [...messages], fee, memo);
    } catch (error) {
      throw toTypedError(error);
    }
    if (tx.code !== 0) {
      const log = (tx as unknown as { rawLog?: string }).rawLog ?? "";
      throw new FieldnetTxError(codespaceOf(tx), tx.code, log, "deliver", tx.transactionHash, tx.height);
    }
    return tx;
  }

  /**
   * Gas estimate through the typed query client: a message the chain would refuse fails here as a
   * FieldnetTxError (phase "simulate") with the same codespace/code the delivery would have had.
   */
  override async simulate(signerAddress: string, messages: readonly EncodeObject[], memo: string | undefined): Promise<number> {
    const anyMsgs = messages.map((m) => this.registry.encodeAsAny(m));
    const account = (await this.offlineSigner.getAccounts()).find((a) => a.address === signerAddress);
    if (!account) throw new Error(`the signer has no account ${signerAddress}`);
    const { sequence } = await this.getSequence(signerAddress);
    try {
      const { gasInfo } = await this.depin.tx.simulate(anyMsgs, memo, encodeSecp256k1Pubkey(account.pubkey), sequence);
      return Number(gasInfo?.gasUsed ?? 0n);
    } catch (error) {
      if (error instanceof FieldnetQueryError) throw new FieldnetTxError(error.codespace, error.code, error.log, "simulate");
      throw error;
    }
  }

  /** Bank send with typed errors (cosmjs's sendTokens returns a failed DeliverTxResponse instead). */
  async send(recipient: string, amount: readonly Coin[], fee: Fee = "auto", memo = ""): Promise<DeliverTxResponse> {
    return this.execute([{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: this.sender, toAddress: recipient, amount: [...amount] } }], fee, memo);
  }

  /** The register message for `args`, device co-signature included (to batch several in one tx). */
  async registerDeviceMsg(args: RegisterDeviceArgs): Promise<EncodeObject> {
    const chainId = await this.getChainId();
    const deviceNonce = BigInt(args.deviceNonce ?? 1);
    const deviceSignature = signRegistration(args.key, { chainId, owner: this.sender, networkType: args.networkType, deviceNonce });
    return msgs.registerDevice({
      owner: this.sender,
      networkType: args.networkType,
      keyType: args.key.keyType,
      pubkey: args.key.pubkey,
      metadataJson: args.metadata === undefined ? new Uint8Array() : args.metadata instanceof Uint8Array ? args.metadata : canonicalJsonBytes(args.metadata),
      location: args.location ?? "",
      deviceNonce,
      deviceSignature,
    });
  }

  async registerDevice(args: RegisterDeviceArgs, fee: Fee = "auto"): Promise<TxResult<{ deviceId: string }>> {
    const tx = await this.execute([await this.registerDeviceMsg(args)], fee);
    return { response: { deviceId: decodeFirst(tx, TypeUrls.RegisterDevice, MsgRegisterDeviceResponse).deviceId }, tx };
  }

  async updateDevice(deviceId: string, change: { metadata?: unknown; location?: string }, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    const metadataJson = change.metadata === undefined ? undefined : change.metadata instanceof Uint8Array ? change.metadata : canonicalJsonBytes(change.metadata);
    return this.execute([msgs.updateDevice({ owner: this.sender, deviceId, metadataJson, location: change.location })], fee);
  }

  async transferDevice(deviceId: string, newOwner: string, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.transferDevice({ owner: this.sender, deviceId, newOwner })], fee);
  }

  async deactivateDevice(deviceId: string, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.deactivateDevice({ owner: this.sender, deviceId })], fee);
  }

  /** Submits signed proofs (one batch); returns one outcome per proof, in order. */
  async submitProofs(proofs: readonly Proof[], fee: Fee = "auto"): Promise<TxResult<{ outcomes: ProofOutcome[] }>> {
    const tx = await this.execute([msgs.submitProofs(this.sender, proofs)], fee);
    return { response: { outcomes: decodeFirst(tx, TypeUrls.SubmitProofs, MsgSubmitProofsResponse).outcomes }, tx };
  }

  /**
   * Claims pending rewards of `deviceIds` (all of the sender's devices when empty). The default fee
   * is simulated gas x3, not "auto" (x1.4): a claim simulated just before an epoch closes also
   * settles every device's units when it lands after the close, which about doubles its gas.
   */
  async claimRewards(deviceIds: readonly string[] = [], fee: Fee = 3): Promise<TxResult<{ amount: Coin | undefined; claims: DeviceClaim[] }>> {
    const tx = await this.execute([msgs.claimRewards(this.sender, deviceIds)], fee);
    const r = decodeFirst(tx, TypeUrls.ClaimRewards, MsgClaimRewardsResponse);
    return { response: { amount: r.amount, claims: r.claims }, tx };
  }

  /** Burns `amount` (base units of `denom`) for service credits; returns the credits bought. */
  async buyCredits(amount: bigint | number | string, denom = "ufield", minCredits = "0", fee: Fee = "auto"): Promise<TxResult<{ credits: bigint }>> {
    const tx = await this.execute([msgs.buyCredits(this.sender, { denom, amount: amount.toString() }, minCredits)], fee);
    return { response: { credits: BigInt(decodeFirst(tx, TypeUrls.BuyCredits, MsgBuyCreditsResponse).credits) }, tx };
  }

  /** Lets `grantee`'s receipts (payer = this account) spend up to `allowance` credits. */
  async delegateCredits(grantee: string, allowance: bigint | number | string, expiresMs = 0n, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.delegateCredits({ granter: this.sender, grantee, allowance: allowance.toString(), expiresMs })], fee);
  }

  async revokeCreditDelegation(grantee: string, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.revokeCreditDelegation(this.sender, grantee)], fee);
  }

  /** Submits signed usage receipts (one batch); returns one outcome per receipt, in order. */
  async submitUsage(receipts: readonly UsageReceipt[], fee: Fee = "auto"): Promise<TxResult<{ outcomes: ReceiptOutcome[] }>> {
    const tx = await this.execute([msgs.submitUsage(this.sender, receipts)], fee);
    return { response: { outcomes: decodeFirst(tx, TypeUrls.SubmitUsage, MsgSubmitUsageResponse).outcomes }, tx };
  }

  // Authority messages (governance / configured admin only: others get registry/2 etc.).
  async enableNetworkType(args: { name: string; plugin: string; pluginVersion: string; params: unknown }, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.enableNetworkType({ authority: this.sender, name: args.name, plugin: args.plugin, pluginVersion: args.pluginVersion, paramsJson: canonicalJsonBytes(args.params) })], fee);
  }

  async disableNetworkType(name: string, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.disableNetworkType({ authority: this.sender, name })], fee);
  }

  async updateRegistryParams(params: RegistryParams, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.updateRegistryParams(this.sender, params)], fee);
  }

  async updateProofsParams(params: ProofsParams, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.updateProofsParams(this.sender, params)], fee);
  }

  async updateRewardsParams(params: RewardsParams, fee: Fee = "auto"): Promise<DeliverTxResponse> {
    return this.execute([msgs.updateRewardsParams(this.sender, params)], fee);
  }
}

/** Maps cosmjs broadcast failures to typed errors; leaves anything else as is. */
export function toTypedError(error: unknown): unknown {
  if (error instanceof BroadcastTxError) return new FieldnetTxError(error.codespace, error.code, error.log ?? "", "check");
  if (error instanceof TimeoutError) return new FieldnetTimeoutError(error.txId, `${error.message} (query the tx by hash later; it may still commit)`);
  return error;
}

function codespaceOf(tx: DeliverTxResponse): string {
  return (tx as unknown as { codespace?: string }).codespace ?? "";
}

/** Decodes the msgResponses of `typeUrl` from a delivered tx (the first one). */
export function decodeFirst<T>(tx: DeliverTxResponse, typeUrl: string, type: { decode(b: Uint8Array): T }): T {
  return decodeAll(tx, typeUrl, type)[0];
}

export function decodeAll<T>(tx: DeliverTxResponse, typeUrl: string, type: { decode(b: Uint8Array): T }): T[] {
  const out = tx.msgResponses.filter((r) => r.typeUrl === `${typeUrl}Response`).map((r) => type.decode(r.value));
  if (out.length === 0) throw new Error(`tx ${tx.transactionHash} has no ${typeUrl}Response`);
  return out;
}
