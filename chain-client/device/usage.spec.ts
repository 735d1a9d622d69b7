/** chain-client usage receipts: signed with the client helpers, verified by the chain's own checks. */
import { fieldnetRegistry, TypeUrls } from "../registry";
import { msgs } from "../messages";
import { PaymentsErrors, ReceiptReasons, lookupErrorCode } from "../codes";
import { DeviceKey } from "./keys";
import { signUsageAsDevice, signUsageAsUser, usageReceipt } from "./usage";
import { accountFromMnemonic, testMnemonic } from "../../modules/app/testing/test-accounts";
import { ReceiptSignatures } from "../../modules/payments/signatures";
import { receiptSignBytes } from "../../modules/payments/receipts";
import { canonicalJsonBytes } from "../../modules/plugin/canonical-json";
import { MsgSubmitUsage } from "../../generated/depin/payments/v1/tx";
import { ErrMalformedReceipt } from "../../modules/payments/errors";
import { ReceiptReason } from "../../modules/payments/reasons";

describe("chain-client usage receipts", () => {
  it.each(["ed25519", "secp256k1"] as const)("device (%s) and user signatures verify with the chain's checks; the Msg encodes", async (type) => {
    const device = DeviceKey.generate(type);
    const user = await accountFromMnemonic(testMnemonic(1, "chain-client usage"), "depin");
    const { receipt, signBytes } = usageReceipt({ chainId: "fieldnet-test-1", deviceId: device.id, user: user.address, sequence: 1, periodStartMs: 1000, periodEndMs: 61_000, payload: canonicalJsonBytes({ deliveredWh: 5 }) });
    const signed = await signUsageAsUser(user.privkey, signUsageAsDevice(device, receipt, signBytes), signBytes);
    expect(Buffer.from(signed.userPubkey)).toEqual(Buffer.from(user.pubkey));
    expect(Buffer.from(receiptSignBytes("fieldnet-test-1", signed))).toEqual(Buffer.from(signBytes));
    const checks = new ReceiptSignatures();
    expect(checks.verifyDevice(device.keyType, device.pubkey, signBytes, signed.deviceSignature)).toBe(true);
    expect(checks.verifyUser(signed.userPubkey, signBytes, signed.userSignature)).toBe(true);
    expect(checks.verifyUser(signed.userPubkey, receiptSignBytes("fieldnet-test-2", signed), signed.userSignature)).toBe(false);

    const msg = msgs.submitUsage(user.address, [signed]);
    const any = fieldnetRegistry().encodeAsAny(msg);
    expect(any.typeUrl).toBe(TypeUrls.SubmitUsage);
    expect(MsgSubmitUsage.decode(any.value).receipts[0]!.sequence).toBe(1n);
  });

  it("mirrors the payments error codes and reason codes", () => {
    expect(lookupErrorCode("payments", 13)).toEqual(PaymentsErrors.MalformedReceipt);
    expect(PaymentsErrors.MalformedReceipt).toMatchObject({ codespace: ErrMalformedReceipt.codespace, code: ErrMalformedReceipt.code, description: ErrMalformedReceipt.description });
    expect(ReceiptReasons).toEqual(ReceiptReason);
  });
});
