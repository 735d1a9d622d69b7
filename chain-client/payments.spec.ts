/** Payments Msg helpers and queries round-trip against the embedded devnet (no mocks), errors typed. */
import { FieldnetClient } from "./client";
import { PaymentsErrors, ReceiptReasons } from "./codes";
import { DeviceKey, signUsageAsDevice, signUsageAsUser, usageReceipt } from "./device";
import { FieldnetTxError } from "./errors";
import { collect } from "./pagination";
import type { SigningFieldnetClient } from "./signing-client";
import { startTestNet, type TestNet } from "./testing";
import { msgs } from "./messages";
import { accountFromMnemonic } from "../modules/app/testing/test-accounts";
import { canonicalJsonBytes } from "../modules/plugin/canonical-json";
import { waitFor } from "../devnet/testing/wait";

let net: TestNet;
let authority: SigningFieldnetClient;
let user: SigningFieldnetClient;
let reader: FieldnetClient;

beforeAll(async () => {
  net = await startTestNet(100);
  authority = await net.signer(0);
  user = await net.signer(2);
  reader = await FieldnetClient.connect(net.devnet.rpcUrl);
}, 30_000);

afterAll(async () => {
  reader?.disconnect();
  await net?.stop();
});

describe("payments through chain-client", () => {
  it("buys credits, signs and submits a receipt, queries balances, usage, burns and net emission", async () => {
    const { response } = await user.buyCredits(5_000, "ufield");
    expect(response.credits).toBe(5000n); // default fixed rate: 1 credit per base unit
    expect(await reader.depin.payments.creditBalance(user.sender)).toMatchObject({ balance: "5000", burned: "5000" });
    const error = await user.buyCredits(10, "uother").then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FieldnetTxError);
    expect((error as FieldnetTxError).is(PaymentsErrors.WrongDenom as never)).toBe(true);

    // The devnet prices no usage by default: the authority adds a price for energy-meter.
    const params = await reader.depin.payments.params();
    await authority.execute([msgs.updatePaymentsParams(authority.sender, { ...params, usagePrices: [{ networkType: "energy-meter", creditsPerUnit: "3" }] })]);
    expect((await reader.depin.payments.price()).usagePrices).toEqual([{ networkType: "energy-meter", creditsPerUnit: "3" }]);

    const key = DeviceKey.generate();
    await authority.registerDevice({ key, networkType: "energy-meter", metadata: { ratedPowerW: 3600 } });
    const account = await accountFromMnemonic(net.devnet.accounts[2]!.mnemonic, "depin");
    const end = Date.now() - 1000;
    const { receipt, signBytes } = usageReceipt({ chainId: net.devnet.chainId, deviceId: key.id, user: user.sender, sequence: 1, periodStartMs: end - 3_600_000, periodEndMs: end, payload: canonicalJsonBytes({ deliveredWh: 100 }) });
    const signed = await signUsageAsUser(account.privkey, signUsageAsDevice(key, receipt, signBytes), signBytes);
    const { response: usage } = await authority.submitUsage([signed, signed]); // a gateway submits; the copy is a replay
    expect(usage.outcomes.map((o) => [o.accepted, o.reason, o.units, o.credits])).toEqual([
      [true, "", "100", "300"],
      [false, ReceiptReasons.RECEIPT_REPLAYED, "0", "0"],
    ]);
    expect((await reader.depin.payments.creditBalance(user.sender)).balance).toBe("4700");
    expect((await collect(reader.depin.payments.allUsageByDevice(key.id))).map((r) => r.units)).toEqual(["100"]);
    expect((await collect(reader.depin.payments.allUsageByUser(user.sender)))[0]).toMatchObject({ units: "100", credits: "300", receipts: 1n });
    const state = await reader.depin.payments.deviceUsageState(key.id);
    expect(state.lastSequence).toBe(1n);

    const totals = await reader.depin.payments.burnTotals();
    expect(BigInt(totals.creditsBurned)).toBe(5000n);
    expect(BigInt(totals.totalBurned)).toBe(5000n + BigInt(totals.onboardingBurned));
    // Blocks keep coming (an epoch is 6 s here): read the open epoch's row between two equal epoch reads.
    const { epoch, open } = await waitFor(async () => {
      const epoch = (await reader.depin.rewards.currentEpoch()).epoch;
      const open = await reader.depin.payments.netEmission(epoch);
      return (await reader.depin.rewards.currentEpoch()).epoch === epoch ? { epoch, open } : undefined;
    }, "the open epoch's net emission read within one epoch");
    expect(open).toMatchObject({ closed: false, minted: "0" });
    expect(await reader.depin.payments.netEmission(epoch + 5n)).toBeUndefined();

    await user.delegateCredits(authority.sender, 100);
    expect(await reader.depin.payments.delegation(user.sender, authority.sender)).toMatchObject({ remaining: "100" });
    expect((await collect(reader.depin.payments.allDelegationsByGranter(user.sender))).length).toBe(1);
    await user.revokeCreditDelegation(authority.sender);
    expect(await reader.depin.payments.delegation(user.sender, authority.sender)).toBeUndefined();
  });
});
