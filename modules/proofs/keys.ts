/**
 * State layout of the proofs module (store prefix "proofs\0"):
 *
 *   0x01                          -> Params (proto)
 *   0x02 | id(20)                 -> DeviceProofState (proto)
 *   0x03 | id(20) | index(u64 BE) -> ProofOutcome (proto); at most Params.outcome_history_per_device kept
 *
 * Plugin namespaces live under the "plugins" store key (see registry/plugin-host.ts); this module
 * exports and imports them in its genesis.
 */
import { fromHex } from "../plugin/bytes";

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

export function outcomeKey(deviceId: string, index: bigint): Uint8Array {
  const key = new Uint8Array(29);
  key.set(outcomesPrefix(deviceId), 0);
  new DataView(key.buffer).setBigUint64(21, index);
  return key;
}
