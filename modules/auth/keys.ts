/** State layout of the auth module (inside its own prefix). */
export const ACCOUNT_PREFIX = 0x01; // 0x01 | address -> BaseAccount
export const NEXT_ACCOUNT_NUMBER_KEY = new Uint8Array([0x02]); // -> uint64 big-endian
export const PARAMS_KEY = new Uint8Array([0x03]); // -> cosmos.auth.v1beta1.Params
export const TX_PARAMS_KEY = new Uint8Array([0x04]); // -> JSON TxParams

export function accountKey(address: Uint8Array): Uint8Array {
  const key = new Uint8Array(1 + address.length);
  key[0] = ACCOUNT_PREFIX;
  key.set(address, 1);
  return key;
}
