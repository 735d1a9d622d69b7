/**
 * auth parameters: the SDK's cosmos.auth.v1beta1.Params (memo, signature limits and gas costs),
 * plus the chain-wide tx limits this framework adds (fee floor and size cap are consensus rules
 * here, not a validator's local setting, so every node rejects the same txs).
 */
import { Params } from "cosmjs-types/cosmos/auth/v1beta1/auth";

export const DEFAULT_AUTH_PARAMS: Params = {
  maxMemoCharacters: 256n,
  txSigLimit: 7n,
  txSizeCostPerByte: 10n,
  sigVerifyCostEd25519: 590n,
  sigVerifyCostSecp256k1: 1000n,
};

export interface TxParams {
  /** Minimum gas price in the fee denom per gas unit, decimal string ("0.025"). */
  readonly minGasPrice: string;
  readonly feeDenom: string;
  /** Largest accepted tx in bytes. */
  readonly maxTxBytes: number;
  /** Largest gas limit a single tx may ask for. */
  readonly maxTxGas: number;
}

export const DEFAULT_MAX_TX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_TX_GAS = 100_000_000;

/** A decimal string as an exact fraction, so fee maths never touches floats. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export function parseDecimal(value: string): Fraction {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(value);
  if (!match) throw new Error(`"${value}" is not a non-negative decimal number`);
  const fraction = match[2] ?? "";
  return {
    numerator: BigInt(match[1] + fraction),
    denominator: 10n ** BigInt(fraction.length),
  };
}

/** ceil(gasLimit × price): the smallest fee that pays for `gasLimit` at `price`. */
export function requiredFee(gasLimit: bigint, price: Fraction): bigint {
  const product = gasLimit * price.numerator;
  return (product + price.denominator - 1n) / price.denominator;
}
