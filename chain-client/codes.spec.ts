/**
 * chain-client/codes.ts mirrors the chain's registered errors and reason codes so that the client
 * depends on generated code only; this keeps the mirror exact (a new or renumbered chain error
 * fails here, not in a user's branch on a code).
 */
import { registeredErrors } from "../modules/app/errors";
import "../modules/app/sdk-errors";
import "../modules/registry/errors";
import "../modules/proofs/errors";
import "../modules/rewards/errors";
import "../modules/payments/errors";
import { ProofReason } from "../modules/proofs/reasons";
import { ReceiptReason } from "../modules/payments/reasons";
import { ALL_ERROR_CODES, ProofReasons, ReceiptReasons } from "./codes";

const MIRRORED_CODESPACES = new Set(["sdk", "registry", "proofs", "rewards", "payments"]);

describe("codes.ts mirror", () => {
  it("has every registered error of the mirrored codespaces, with the same number and description", () => {
    const chain = registeredErrors()
      .filter((e) => MIRRORED_CODESPACES.has(e.codespace))
      .map((e) => `${e.codespace}/${e.code} ${e.description}`)
      .sort();
    const mirror = ALL_ERROR_CODES.map((e) => `${e.codespace}/${e.code} ${e.description}`).sort();
    expect(mirror).toEqual(chain);
  });

  it("has the module-level proof and receipt reason codes", () => {
    expect(ProofReasons).toEqual({ ...ProofReason });
    expect(ReceiptReasons).toEqual({ ...ReceiptReason });
  });
});
