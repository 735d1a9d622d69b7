/**
 * FieldnetClient: a read-only client (cosmjs StargateClient plus the depin query extensions).
 * `FieldnetClient.connectWithSigner` gives the signing client (see signing-client.ts).
 */
import { fromUtf8 } from "@cosmjs/encoding";
import type { OfflineSigner } from "@cosmjs/proto-signing";
import { StargateClient, type Coin, type StargateClientOptions } from "@cosmjs/stargate";
import { connectComet, type CometClient, type HttpEndpoint } from "@cosmjs/tendermint-rpc";
import { createFieldnetQueryClient, type FieldnetQueryClient } from "./query";
import { bankBalanceKey } from "./query/store-keys";
import { queryStoreVerified, type StoreVerifiedOptions, type VerifiedStoreValue } from "./query/verified-store";
import { SigningFieldnetClient, type SigningFieldnetClientOptions } from "./signing-client";

export class FieldnetClient extends StargateClient {
  /** Depin queries: `client.depin.registry.device(id)`, `client.depin.proofs.outcome(id, seq)`, `client.depin.rewards.currentEpoch()`... */
  readonly depin: FieldnetQueryClient;

  protected constructor(comet: CometClient, options: StargateClientOptions) {
    super(comet, options);
    this.depin = createFieldnetQueryClient(comet);
  }

  static override async connect(endpoint: string | HttpEndpoint, options: StargateClientOptions = {}): Promise<FieldnetClient> {
    return new FieldnetClient(await connectComet(endpoint), options);
  }

  static override create(comet: CometClient, options: StargateClientOptions = {}): FieldnetClient {
    return new FieldnetClient(comet, options);
  }

  /**
   * One key of a module's store ("bank", "registry", ...), with its Merkle proof checked against the
   * app hash in the next block's header (`value` undefined = proven absent). See query/verified-store.ts.
   */
  queryStoreVerified(store: string, key: Uint8Array, options?: StoreVerifiedOptions): Promise<VerifiedStoreValue> {
    return queryStoreVerified(this.forceGetCometClient(), store, key, options);
  }

  /** A balance with its Merkle proof checked the same way; amount "0" when the proof shows no balance row. */
  async getBalanceVerified(address: string, denom: string, options?: StoreVerifiedOptions): Promise<{ balance: Coin; height: number; appHash: Uint8Array }> {
    const verified = await this.queryStoreVerified("bank", bankBalanceKey(address, denom), options);
    return { balance: { denom, amount: verified.value ? fromUtf8(verified.value) : "0" }, height: verified.height, appHash: verified.appHash };
  }

  /** The signing client (SigningStargateClient + depin Msg helpers). Same as SigningFieldnetClient.connectWithSigner. */
  static connectWithSigner(endpoint: string | HttpEndpoint, signer: OfflineSigner, options: SigningFieldnetClientOptions = {}): Promise<SigningFieldnetClient> {
    return SigningFieldnetClient.connectWithSigner(endpoint, signer, options);
  }
}
