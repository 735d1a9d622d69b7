/**
 * Keys of the chain's state, for verified raw reads (`queryStoreVerified`): the layouts the modules
 * document (modules/bank/keys.ts). The key is inside the module's store; the store's name is the
 * first argument of `queryStoreVerified`.
 */
import { fromBech32, toUtf8 } from "@cosmjs/encoding";

/** Store "bank": 0x01, the address length, the address bytes, the denom. Its value is the amount as a decimal string. */
export function bankBalanceKey(address: string, denom: string): Uint8Array {
  const raw = fromBech32(address).data;
  return new Uint8Array([0x01, raw.length, ...raw, ...toUtf8(denom)]);
}
