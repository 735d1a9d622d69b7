/**
 * Keys of the chain's state, for verified raw reads (`queryStoreVerified`): the modules' own key
 * functions, given client-side arguments. The key is inside the module's store; the store's name is
 * the first argument of `queryStoreVerified`.
 */
import { fromBech32 } from "@cosmjs/encoding";
import { balanceKey } from "../../modules/bank/keys";

/** Store "bank": a balance (modules/bank/keys.ts). Its value is the amount as a decimal string. */
export function bankBalanceKey(address: string, denom: string): Uint8Array {
  return balanceKey(fromBech32(address).data, denom);
}
