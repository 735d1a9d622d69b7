/** State layout of the bank module (inside its own prefix). */
export const BALANCE_PREFIX = 0x01; // 0x01 | address(20|32) | denom -> amount (decimal string)
export const SUPPLY_PREFIX = 0x02; // 0x02 | denom -> amount (decimal string)

export function balancesPrefix(address: Uint8Array): Uint8Array {
  const key = new Uint8Array(2 + address.length);
  key[0] = BALANCE_PREFIX;
  key[1] = address.length; // length byte keeps 20- and 32-byte addresses from prefixing each other
  key.set(address, 2);
  return key;
}

export function balanceKey(address: Uint8Array, denom: string): Uint8Array {
  const prefix = balancesPrefix(address);
  const denomBytes = Buffer.from(denom, "utf8");
  const key = new Uint8Array(prefix.length + denomBytes.length);
  key.set(prefix, 0);
  key.set(denomBytes, prefix.length);
  return key;
}

export function supplyKey(denom: string): Uint8Array {
  return new Uint8Array([SUPPLY_PREFIX, ...Buffer.from(denom, "utf8")]);
}
