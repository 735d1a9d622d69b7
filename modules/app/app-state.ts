/**
 * App-level facts kept in consensus state (not in any module): the chain-id fixed at InitChain
 * and the last block's height and time, which CheckTx uses as its clock.
 */
import type { ReadonlyKVStore, KVStore } from "../store/types";
import { storeKey } from "./context";

export const APP_STORE = storeKey("app");
const CHAIN_ID_KEY = new Uint8Array([...APP_STORE.prefix, 0x01]);
const LAST_HEADER_KEY = new Uint8Array([...APP_STORE.prefix, 0x02]);

export interface LastHeader {
  readonly height: bigint;
  readonly timeMs: bigint;
}

export function readChainId(state: ReadonlyKVStore): string | undefined {
  const raw = state.get(CHAIN_ID_KEY);
  return raw ? Buffer.from(raw).toString("utf8") : undefined;
}

export function writeChainId(state: KVStore, chainId: string): void {
  state.set(CHAIN_ID_KEY, Buffer.from(chainId, "utf8"));
}

export function readLastHeader(state: ReadonlyKVStore): LastHeader | undefined {
  const raw = state.get(LAST_HEADER_KEY);
  if (!raw) return undefined;
  const buffer = Buffer.from(raw);
  return { height: buffer.readBigUInt64BE(0), timeMs: buffer.readBigUInt64BE(8) };
}

export function writeLastHeader(state: KVStore, header: LastHeader): void {
  const buffer = Buffer.alloc(16);
  buffer.writeBigUInt64BE(header.height, 0);
  buffer.writeBigUInt64BE(header.timeMs, 8);
  state.set(LAST_HEADER_KEY, buffer);
}
