/**
 * State layout of the proofs module (store prefix "proofs\0"):
 *
 *   0x01                          -> Params (proto)
 *   0x02 | id(20)                 -> DeviceProofState (proto)
 *   0x03 | id(20) | slot(u64 BE)  -> ProofOutcome (proto): a ring of Params.outcome_history_per_device
 *                                    slots per device, slot = outcome index mod that size (the index
 *                                    itself when the size is 0 = unbounded)
 *
 * Plugin namespaces live under the "plugins" store key (see registry/plugin-host.ts); this module
 * exports and imports them in its genesis.
 */
import { fromHex, writeU64BE } from "../plugin/bytes";

export const PARAMS_KEY = new Uint8Array([0x01]);
export const STATE_PREFIX = new Uint8Array([0x02]);
export const OUTCOME_PREFIX = 0x03;

export function deviceStateKey(deviceId: string): Uint8Array {
  const key = new Uint8Array(21);
  key[0] = 0x02;
  key.set(fromHex(deviceId), 1);
  return key;
}

export function outcomesPrefix(deviceId: string): Uint8Array {
  const key = new Uint8Array(21);
  key[0] = OUTCOME_PREFIX;
  key.set(fromHex(deviceId), 1);
  return key;
}

/**
 * Where outcome `index` of a device is stored when the history keeps `keep` outcomes: a ring, so a
 * new outcome overwrites the one it retires (one state write per proof instead of a write and a
 * delete once the history is full).
 */
export function outcomeSlot(index: bigint, keep: bigint): bigint {
  return keep > 0n ? index % keep : index;
}

export function outcomeKey(deviceId: string, slot: bigint): Uint8Array {
  const key = new Uint8Array(29);
  key.set(outcomesPrefix(deviceId), 0);
  writeU64BE(key, 21, slot);
  return key;
}
