/** The Fieldnet query client: cosmjs auth/bank/tx extensions plus registry, proofs, rewards and payments. */
import { setupAuthExtension, setupBankExtension, setupTxExtension, type AuthExtension, type BankExtension, type QueryClient, type TxExtension } from "@cosmjs/stargate";
import type { CometClient } from "@cosmjs/tendermint-rpc";
import { FieldnetBaseQueryClient } from "./base";
import { setupProofsExtension, type ProofsExtension } from "./proofs";
import { setupRegistryExtension, type RegistryExtension } from "./registry";
import { setupRewardsExtension, type RewardsExtension } from "./rewards";
import { setupPaymentsExtension, type PaymentsExtension } from "./payments";

export type FieldnetQueryClient = QueryClient & AuthExtension & BankExtension & TxExtension & RegistryExtension & ProofsExtension & RewardsExtension & PaymentsExtension;

export function createFieldnetQueryClient(comet: CometClient): FieldnetQueryClient {
  const base = new FieldnetBaseQueryClient(comet);
  for (const setup of [setupAuthExtension, setupBankExtension, setupTxExtension, setupRegistryExtension, setupProofsExtension, setupRewardsExtension, setupPaymentsExtension]) {
    Object.assign(base, setup(base));
  }
  return base as unknown as FieldnetQueryClient;
}

export { FieldnetBaseQueryClient, orUndefined } from "./base";
export { setupRegistryExtension, type RegistryExtension } from "./registry";
export { setupProofsExtension, type ProofsExtension } from "./proofs";
export { setupRewardsExtension, type RewardsExtension, type PendingRewards } from "./rewards";
export { setupPaymentsExtension, type PaymentsExtension } from "./payments";
export { queryStoreVerified, verifyTrieProof, TRIE_PROOF_OP_TYPE, type StoreVerifiedOptions, type VerifiedStoreValue } from "./verified-store";
export { bankBalanceKey } from "./store-keys";
