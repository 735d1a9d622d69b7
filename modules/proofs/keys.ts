/**
 * State layout of the proofs module (store prefix "proofs\0"):
 *
 *   0x01                          -> Params (proto)
 *   0x02 | id(20)                 -> DeviceProofRecord (proto): the DeviceProofState, and the
 *                                    outcomes since the device's last full chunk (pending_outcomes)
 *   0x03                          -> (unused: one ProofOutcome per entry before outcome chunks)
 *   0x04 | id(20) | slot(u64 BE)  -> OutcomeChunk (proto): outcomes 8k+1..8k+8 of the device, in a
 *                                    ring of ceil(outcome_history_per_device / 8) slots, slot = k mod
 *                                    that size (k itself when the size is 0 = unbounded)
 *
 * Plugin namespaces live under the "plugins" store key (see registry/plugin-host.ts); this module
 * exports and imports them in its genesis.
 */
import { fromHex, writeU64BE } from "../plugin/bytes";

export const PARAMS_KEY = new Uint8Array([0x01]);
export const STATE_PREFIX = new Uint8Array([0x02]);
export const OUTCOME_CHUNK_PREFIX = 0x04;

export function deviceStateKey(deviceId: string): Uint8Array {
  const key = new Uint8Array(21);
  key[0] = 0x02;
  key.set(fromHex(deviceId), 1);
  return key;
}

export function outcomeChunksPrefix(deviceId: string): Uint8Array {
  const key = new Uint8Array(21);
  key[0] = OUTCOME_CHUNK_PREFIX;
  key.set(fromHex(deviceId), 1);
  return key;
}

export function outcomeChunkKey(deviceId: string, slot: bigint): Uint8Array {
  const key = new Uint8Array(29);
  key.set(outcomeChunksPrefix(deviceId), 0);
  writeU64BE(key, 21, slot);
  return key;
}
