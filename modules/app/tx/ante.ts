/**
 * The ante handler: every check a tx passes before its messages run, in the Cosmos SDK's order
 * (basic validation, timeout, memo, size gas, fee, pubkeys, signature gas, signatures, sequence).
 * Failures use the SDK's codes and wording so cosmjs users recognise them.
 */
import { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import type { Context } from "../context";
import { AppError } from "../errors";
import { EventManager } from "../events";
import { branchStore } from "../../store/branch-store";
import {
  ErrInsufficientFee,
  ErrOutOfGas,
  ErrInvalidGasLimit,
  ErrInvalidPubKey,
  ErrInvalidRequest,
  ErrMemoTooLarge,
  ErrNoSignatures,
  ErrNotSupported,
  ErrTooManySignatures,
  ErrTxTimeoutHeight,
  ErrUnauthorized,
  ErrUnknownAddress,
  ErrUnknownExtensionOptions,
  ErrWrongSequence,
} from "../sdk-errors";
import type { AuthKeeper, Account } from "../../auth/keeper";
import { secp256k1Address } from "../../auth/address";
import { parseDecimal, requiredFee } from "../../auth/params";
import type { BankKeeper } from "../../bank/keeper";
import { formatCoins, parseCoins } from "../../bank/coins";
import type { DecodedTx } from "./decode";
import { isCompressedSecp256k1PubKey, verifySecp256k1 } from "./secp256k1";

export const SECP256K1_PUBKEY_TYPE = "/cosmos.crypto.secp256k1.PubKey";
// What an empty simulation signature is charged as, so simulated gas covers the real signature.
const SIMULATED_SIGNATURE_BYTES = 64;
// ...and what the filled-in fee (amount + gas limit) adds to AuthInfo.
const SIMULATED_FEE_BYTES = 32;

export interface AnteDeps {
  readonly auth: AuthKeeper;
  readonly bank: BankKeeper;
  readonly feeCollector: Uint8Array;
  /** Txs whose signatures were already verified (in CheckTx), by tx hash. */
  readonly verifiedTxs: TxHashSet;
}

/** A set of tx hashes (hex), e.g. an LRU of what CheckTx already established about a tx. */
export interface TxHashSet {
  has(hash: string): boolean;
  set(hash: string, value: true): unknown;
  delete(hash: string): boolean;
}

export interface AnteResult {
  readonly signers: readonly string[];
}

function uniqueSigners(tx: DecodedTx): string[] {
  const seen = new Set<string>();
  const ordered: string[] = [];
  for (const { route, msg } of tx.msgs) {
    for (const signer of route.signers(msg)) {
      if (!seen.has(signer)) {
        seen.add(signer);
        ordered.push(signer);
      }
    }
  }
  return ordered;
}

function validateBasic(tx: DecodedTx, simulate: boolean): void {
  if (tx.msgs.length === 0) throw ErrInvalidRequest.wrap("must contain at least one message");
  if (tx.body.extensionOptions.length > 0 || tx.body.nonCriticalExtensionOptions.length > 0) {
    throw ErrUnknownExtensionOptions.wrap("extension options are not supported by this chain");
  }
  if (!tx.authInfo.fee) throw ErrInvalidRequest.wrap("auth_info.fee is missing");
  if (!simulate && tx.raw.signatures.length === 0) throw ErrNoSignatures.error();
  for (const { route, msg } of tx.msgs) route.validateBasic?.(msg);
}

/**
 * Clients simulate with an empty fee (cosmjs does), but the real tx will pay one: charge the gas
 * of that transfer on a throwaway branch so the estimate covers it.
 */
function chargeSimulatedFeeDeduction(ctx: Context, deps: AnteDeps, payer: Uint8Array, denom: string): void {
  const scratch = ctx.with({ state: branchStore(ctx.rawState), events: new EventManager() });
  try {
    deps.bank.sendCoins(scratch, payer, deps.feeCollector, [{ denom, amount: 1n }]);
  } catch (error) {
    if (error instanceof AppError && error.is(ErrOutOfGas)) throw error;
    // A payer that cannot pay fails for real at broadcast; the estimate stays useful.
  }
}

/** Runs the ante checks on `ctx` (a metered branch) and applies their effects (fee, sequences). */
export function runAnte(ctx: Context, tx: DecodedTx, txBytes: Uint8Array, txHash: string, deps: AnteDeps): AnteResult {
  const simulate = ctx.mode === "simulate";
  const params = deps.auth.getParams(ctx);
  const txParams = deps.auth.getTxParams(ctx);

  validateBasic(tx, simulate);
  const signers = uniqueSigners(tx);
  if (signers.length > Number(params.txSigLimit)) {
    throw ErrTooManySignatures.wrap(`signatures: ${signers.length}, limit: ${params.txSigLimit}`);
  }
  if (tx.authInfo.signerInfos.length !== signers.length) {
    throw ErrUnauthorized.wrap(`wrong number of signers; expected ${signers.length}, got ${tx.authInfo.signerInfos.length}`);
  }
  if (!simulate && tx.raw.signatures.length !== signers.length) {
    throw ErrUnauthorized.wrap(`invalid number of signatures; expected ${signers.length}, got ${tx.raw.signatures.length}`);
  }

  if (tx.body.timeoutHeight > 0n && ctx.header.height > tx.body.timeoutHeight) {
    throw ErrTxTimeoutHeight.wrap(`block height: ${ctx.header.height}, timeout height: ${tx.body.timeoutHeight}`);
  }
  if (BigInt(tx.body.memo.length) > params.maxMemoCharacters) {
    throw ErrMemoTooLarge.wrap(`maximum number of characters is ${params.maxMemoCharacters} but received ${tx.body.memo.length} characters`);
  }

  const fee = tx.authInfo.fee!;
  if (!simulate) {
    if (fee.gasLimit === 0n || fee.gasLimit > BigInt(txParams.maxTxGas)) {
      throw ErrInvalidGasLimit.wrap(`gas limit ${fee.gasLimit} must be between 1 and ${txParams.maxTxGas}`);
    }
  }

  const simulatedSigBytes = simulate ? signers.length * SIMULATED_SIGNATURE_BYTES + SIMULATED_FEE_BYTES : 0;
  ctx.gasMeter.consume(Number(params.txSizeCostPerByte) * (txBytes.length + simulatedSigBytes), "txSize");

  // Fee: consensus-enforced floor in the native denom, paid by the first signer.
  const feeCoins = parseCoins(fee.amount, "fee");
  if (fee.payer && !signers.includes(fee.payer)) throw ErrInvalidRequest.wrap(`fee payer ${fee.payer} must be a signer of the tx`);
  if (fee.granter) throw ErrNotSupported.wrap("fee grants are not supported");
  const feePayer = deps.auth.addresses.decode(fee.payer || signers[0], "fee payer");
  if (!simulate) {
    const required = requiredFee(fee.gasLimit, parseDecimal(txParams.minGasPrice));
    const paid = feeCoins.find((coin) => coin.denom === txParams.feeDenom)?.amount ?? 0n;
    if (paid < required) {
      throw ErrInsufficientFee.wrap(`insufficient fees; got: ${formatCoins(feeCoins) || "0" + txParams.feeDenom} required: ${required}${txParams.feeDenom}`);
    }
  }
  if (feeCoins.length > 0) {
    const payerAccount = deps.auth.getAccount(ctx, feePayer);
    if (!payerAccount) throw ErrUnknownAddress.wrap(`fee payer address: ${fee.payer || signers[0]} does not exist`);
    deps.bank.sendCoins(ctx, feePayer, deps.feeCollector, feeCoins);
  } else if (simulate) {
    chargeSimulatedFeeDeduction(ctx, deps, feePayer, txParams.feeDenom);
  }
  ctx.events.emit("tx", [
    ["fee", formatCoins(feeCoins)],
    ["fee_payer", deps.auth.addresses.encode(feePayer)],
  ]);

  // FinalizeBlock is the last reader of a tx's entry (a block's txs leave the mempool whatever their
  // result), so it takes the entry out instead of leaving it to age out of the cache.
  const finalizing = ctx.mode === "finalize";
  const alreadyVerified = finalizing ? deps.verifiedTxs.delete(txHash) : deps.verifiedTxs.has(txHash);
  const accounts: Account[] = [];
  signers.forEach((signer, index) => {
    const address = deps.auth.addresses.decode(signer, "signer");
    const account = deps.auth.getAccount(ctx, address);
    if (!account) throw ErrUnknownAddress.wrap(`account ${signer} does not exist`);
    const info = tx.authInfo.signerInfos[index];

    const pubKeyAny = info.publicKey ?? account.pubKey;
    if (!pubKeyAny && !simulate) throw ErrInvalidPubKey.wrap(`pubkey of ${signer} is neither on chain nor in the tx`);
    let pubkey: Uint8Array | undefined;
    if (pubKeyAny) {
      if (pubKeyAny.typeUrl !== SECP256K1_PUBKEY_TYPE) throw ErrInvalidPubKey.wrap(`unsupported key type ${pubKeyAny.typeUrl}`);
      pubkey = PubKey.decode(pubKeyAny.value).key;
      if (!isCompressedSecp256k1PubKey(pubkey)) throw ErrInvalidPubKey.wrap("secp256k1 pubkey must be 33 compressed bytes");
      if (Buffer.compare(secp256k1Address(pubkey), address) !== 0) {
        throw ErrInvalidPubKey.wrap(`pubkey does not match signer address ${signer}`);
      }
    }
    ctx.gasMeter.consume(Number(params.sigVerifyCostSecp256k1), "ante verify: secp256k1");

    if (info.sequence !== account.sequence) {
      throw ErrWrongSequence.wrap(`account sequence mismatch, expected ${account.sequence}, got ${info.sequence}`);
    }
    if (!simulate) {
      const mode = info.modeInfo?.single?.mode;
      if (mode !== SignMode.SIGN_MODE_DIRECT) throw ErrNotSupported.wrap(`signing mode ${mode ?? "multi"} is not supported; use SIGN_MODE_DIRECT`);
      if (!alreadyVerified) {
        const signDoc = SignDoc.encode({
          bodyBytes: tx.raw.bodyBytes,
          authInfoBytes: tx.raw.authInfoBytes,
          chainId: ctx.header.chainId,
          accountNumber: account.accountNumber,
        }).finish();
        if (!verifySecp256k1(pubkey!, signDoc, tx.raw.signatures[index])) {
          throw ErrUnauthorized.wrap(
            `signature verification failed; please verify account number (${account.accountNumber}), sequence (${account.sequence}) and chain-id (${ctx.header.chainId})`,
          );
        }
      }
    }
    accounts.push({ ...account, pubKey: account.pubKey ?? pubKeyAny });
  });
  if (!simulate && !finalizing && !alreadyVerified) deps.verifiedTxs.set(txHash, true);

  accounts.forEach((account, index) => {
    deps.auth.setAccount(ctx, { ...account, sequence: account.sequence + 1n });
    ctx.events.emit("tx", [["acc_seq", `${signers[index]}/${account.sequence}`]]);
  });
  if (!simulate) {
    for (const signature of tx.raw.signatures) ctx.events.emit("tx", [["signature", Buffer.from(signature).toString("base64")]]);
  }
  return { signers };
}
