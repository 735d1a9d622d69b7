import { TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { Context } from "../app/context";
import { ParallelVerifier } from "../app/tx/parallel-verifier";
import { accountFromMnemonic, testMnemonic } from "../app/testing/test-accounts";
import { MemoryKVStore } from "../store/memory-store";
import { DeviceSigner } from "../plugin/device-signer";
import { usageSignBytes } from "../plugin/usage-sign-bytes";
import { MsgSubmitUsage } from "../../generated/depin/payments/v1/tx";
import type { UsageReceipt } from "../../generated/depin/payments/v1/types";
import { DeviceStatus, type Device } from "../../generated/depin/registry/v1/types";
import type { PaymentsKeeper } from "./keeper";
import { preverifyReceipts, SUBMIT_USAGE_TYPE_URL } from "./preverify";
import { precheckReceipts } from "./receipts";
import { ReceiptSignatures } from "./signatures";
import { signAsUser } from "./testing";

const CHAIN_ID = "preverify-receipts-test";
const signer = DeviceSigner.fromLabel("preverify-receipts-spec");
const device = { id: signer.id, keyType: signer.keyType, pubkey: signer.pubkey, status: DeviceStatus.DEVICE_STATUS_ACTIVE, networkType: "energy-meter" } as Device;
const registry = { getDeviceShared: (_ctx: Context, id: string) => (id === device.id ? device : undefined) };

function checkContext(): Context {
  return new Context({ chainId: CHAIN_ID, height: 1n, timeMs: 0n, hash: new Uint8Array(), proposer: new Uint8Array() }, "check", new MemoryKVStore());
}

async function receipts(): Promise<UsageReceipt[]> {
  const user = await accountFromMnemonic(testMnemonic(3, "preverify receipts"), "depin");
  const make = async (sequence: bigint): Promise<UsageReceipt> => {
    const fields = { deviceId: device.id, user: user.address, payer: "", sequence, periodStartMs: 0n, periodEndMs: 60_000n, maxCredits: 0n, payload: Buffer.from('{"deliveredWh":1}') };
    const bytes = usageSignBytes({ chainId: CHAIN_ID, ...fields });
    return { ...fields, userPubkey: user.pubkey, deviceSignature: signer.signBytes(bytes), userSignature: await signAsUser(user, bytes) };
  };
  const good = await make(1n);
  const badDevice = { ...(await make(2n)), deviceSignature: new Uint8Array(64).fill(7) };
  const badUser = await make(3n);
  badUser.userSignature = Uint8Array.from(badUser.userSignature);
  badUser.userSignature[3] ^= 1;
  const unknownDevice = { ...(await make(4n)), deviceId: "00".repeat(20) };
  return [good, badDevice, badUser, unknownDevice];
}

function usageTx(list: readonly UsageReceipt[]): Uint8Array {
  const msg = MsgSubmitUsage.encode({ submitter: "depin1submitter", receipts: [...list] }).finish();
  const bodyBytes = TxBody.encode(TxBody.fromPartial({ messages: [{ typeUrl: SUBMIT_USAGE_TYPE_URL, value: msg }] })).finish();
  return TxRaw.encode({ bodyBytes, authInfoBytes: new Uint8Array(), signatures: [] }).finish();
}

describe("usage receipt pre-verification on the signature worker", () => {
  it("remembers exactly the signatures that verify, so CheckTx finds those and checks the others itself", async () => {
    const list = await receipts();
    const verifier = new ParallelVerifier(new Map());
    const signatures = new ReceiptSignatures();
    try {
      await preverifyReceipts(usageTx(list), "USAGE", CHAIN_ID, checkContext, registry, signatures, verifier);
    } finally {
      await verifier.close();
    }
    // good: device + user; bad device: its user signature; bad user: its device signature.
    expect(signatures.size).toBe(4);
    const keeper = { registry, signatures } as unknown as PaymentsKeeper;
    precheckReceipts(checkContext(), keeper, list);
    // CheckTx verifies the user signature only after the device one passed: the good receipt hits
    // twice, the bad-device one misses once (its device check), the bad-user one hits its device
    // signature and misses the user one; the unknown device is skipped.
    expect({ hits: signatures.hits, misses: signatures.misses }).toEqual({ hits: 3, misses: 2 });
    expect(signatures.size).toBe(4);
    // CheckTx of the tx the worker went through (by its hash) skips its own pass.
    expect(signatures.txPreverified("USAGE")).toBe(true);
    precheckReceipts(checkContext().with({ txHash: "USAGE" }), keeper, list);
    expect({ hits: signatures.hits, misses: signatures.misses }).toEqual({ hits: 3, misses: 2 });
  });

  it("leaves txs it cannot decode, or without usage messages, alone", async () => {
    const verifier = new ParallelVerifier(new Map());
    const signatures = new ReceiptSignatures();
    try {
      await preverifyReceipts(Uint8Array.of(0xff, 0xff), "BAD", CHAIN_ID, checkContext, registry, signatures, verifier);
      const bodyBytes = TxBody.encode(TxBody.fromPartial({ messages: [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: new Uint8Array() }] })).finish();
      await preverifyReceipts(TxRaw.encode({ bodyBytes, authInfoBytes: new Uint8Array(), signatures: [] }).finish(), "SEND", CHAIN_ID, checkContext, registry, signatures, verifier);
    } finally {
      await verifier.close();
    }
    expect(signatures.size).toBe(0);
    expect(signatures.txPreverified("BAD") || signatures.txPreverified("SEND")).toBe(false);
  });
});
