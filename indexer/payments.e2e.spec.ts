/**
 * The demand side through the indexer, against a real devnet driven by chain-client: a credit
 * purchase (burn), usage receipts accepted and rejected, an epoch close with a usage share, then
 * ListUsage, ListCreditPurchases, GetAccountPayments, the epoch's burn / net emission and
 * NetworkStats checked against the chain's own payments and rewards queries. SQLite, and
 * Postgres when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { status, type ServiceError } from "@grpc/grpc-js";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { startDevnet, type RunningDevnet } from "../devnet/devnet";
import { FieldnetClient, SigningFieldnetClient, DeviceKey, signUsageAsDevice, signUsageAsUser, usageReceipt, ReceiptReasons, collect } from "../chain-client";
import { UsageOutcomeFilter } from "../generated/depin/indexer/v1/payments";
import { accountFromMnemonic } from "../modules/app/testing/test-accounts";
import { canonicalJsonBytes } from "../modules/plugin/canonical-json";
import { startIndexer, type RunningIndexer } from "./indexer";
import { connectIndexer, type IndexerApi } from "./testing/client";
import { freshStore, storeKinds, type TestStore } from "./testing/store-target";
import { EPOCH_BLOCKS, paymentsNetwork } from "./testing/network";
import { waitFor } from "../devnet/testing/wait";

jest.setTimeout(120_000);

const quiet = { info: () => undefined, warn: () => undefined };

describe.each(storeKinds())("indexer payments on %s", (kind) => {
  let home: string;
  let devnet: RunningDevnet;
  let store: TestStore;
  let indexer: RunningIndexer;
  let api: IndexerApi;
  let reader: FieldnetClient;
  let operator: SigningFieldnetClient;
  let user: SigningFieldnetClient;
  let deviceId: string;
  let usageEpoch: bigint;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "fieldnet-indexer-payments-"));
    devnet = await startDevnet({ config: paymentsNetwork, home, port: 0, blockTimeMs: 100 });
    const signer = async (i: number) => SigningFieldnetClient.connectWithSigner(devnet.rpcUrl, await DirectSecp256k1HdWallet.fromMnemonic(devnet.accounts[i].mnemonic, { prefix: "depin" }));
    operator = await signer(0);
    user = await signer(2);
    reader = await FieldnetClient.connect(devnet.rpcUrl);
    store = await freshStore(kind, "payments");
    indexer = await startIndexer({ rpcUrl: devnet.rpcUrl, db: store.url, grpcPort: 0, metricsPort: 0, logger: quiet, pollMs: 200 });
    api = connectIndexer(indexer.grpcAddress);

    await user.buyCredits(5_000, "ufield");
    const key = DeviceKey.generate();
    deviceId = (await operator.registerDevice({ key, networkType: "energy-meter", metadata: { ratedPowerW: 3600 } })).response.deviceId;
    const account = await accountFromMnemonic(devnet.accounts[2].mnemonic, "depin");
    const end = Date.now() - 1000;
    const { receipt, signBytes } = usageReceipt({ chainId: devnet.chainId, deviceId, user: user.sender, sequence: 1, periodStartMs: end - 3_600_000, periodEndMs: end, payload: canonicalJsonBytes({ deliveredWh: 100 }) });
    const signed = await signUsageAsUser(account.privkey, signUsageAsDevice(key, receipt, signBytes), signBytes);
    const { response } = await operator.submitUsage([signed, signed]); // the copy is a replay
    expect(response.outcomes.map((o) => [o.accepted, o.reason])).toEqual([[true, ""], [false, ReceiptReasons.RECEIPT_REPLAYED]]);
    usageEpoch = response.outcomes[0].epoch;
    // The epoch the usage counted in closes (a finalize-block event), and the indexer catches up.
    const start = await reader.getHeight();
    await waitFor(async () => ((await reader.getHeight()) >= start + EPOCH_BLOCKS + 1 ? true : undefined), "epoch close");
    await indexer.ingester.waitForHeight(await reader.getHeight());
  });

  afterAll(async () => {
    api?.close();
    await indexer?.stop();
    operator?.disconnect();
    user?.disconnect();
    reader?.disconnect();
    await devnet?.stop();
    await store?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it("lists usage receipts by device, user and outcome, with the chain's units, credits and reasons", async () => {
    const byDevice = (await api.listUsage({ deviceId })).receipts;
    expect(byDevice.map((r) => [r.accepted, r.reason, r.units, r.credits, r.user, r.payer])).toEqual([
      [false, ReceiptReasons.RECEIPT_REPLAYED, "0", "0", user.sender, ""],
      [true, "", "100", "300", user.sender, user.sender],
    ]);
    expect(byDevice[1]).toMatchObject({ networkType: "energy-meter", epoch: usageEpoch, sequence: 1n });
    const accepted = (await api.listUsage({ user: user.sender, outcome: UsageOutcomeFilter.USAGE_OUTCOME_FILTER_ACCEPTED })).receipts;
    expect(accepted).toHaveLength(1);
    expect((await api.listUsage({ fromEpoch: usageEpoch, toEpoch: usageEpoch })).receipts.map((r) => r.accepted)).toEqual([true]);
    // An unset bound is open and epoch 0 is a real epoch: [0, 0] holds the receipt only if it counted in epoch 0.
    expect((await api.listUsage({ fromEpoch: 0n, toEpoch: 0n })).receipts.map((r) => r.accepted)).toEqual(usageEpoch === 0n ? [true] : []);
    expect((await api.listUsage({ toEpoch: usageEpoch })).receipts.map((r) => r.accepted)).toEqual([true]);
    expect((await api.listUsage({ fromEpoch: usageEpoch + 1n })).receipts).toEqual([]);
    const chainUsage = await collect(reader.depin.payments.allUsageByDevice(deviceId));
    expect(chainUsage.map((u) => [u.epoch, u.units])).toEqual([[usageEpoch, "100"]]);
    // Paging: one per page, then the end.
    const first = await api.listUsage({ deviceId, limit: 1 });
    const second = await api.listUsage({ deviceId, limit: 1, pageKey: first.nextKey });
    expect([first.receipts.length, second.receipts.length, second.nextKey]).toEqual([1, 1, ""]);
  });

  it("keeps each account's purchases, burns, spent credits and balance equal to the chain", async () => {
    const { payments } = await api.getAccountPayments({ address: user.sender });
    const chain = await reader.depin.payments.creditBalance(user.sender);
    expect(payments).toMatchObject({ creditsPurchased: "5000", tokensBurned: "5000", purchases: 1n, creditsSpent: "300", receiptsAccepted: 1n, receiptsRejected: 1n, usageUnits: "100" });
    expect(payments!.creditsBalance).toBe(chain.balance);
    const purchases = (await api.listCreditPurchases({ buyer: user.sender })).purchases;
    expect(purchases.map((p) => [p.buyer, p.burned, p.credits])).toEqual([[user.sender, "5000", "5000"]]);
    expect((await api.getAccountPayments({ address: operator.sender })).payments).toMatchObject({ creditsPurchased: "0", creditsBalance: "0" });
  });

  it("records each epoch's burn, net emission, supply and usage pool as the chain closed it", async () => {
    const { epoch } = await api.getEpoch({ epoch: usageEpoch });
    const chain = (await reader.depin.rewards.epoch(usageEpoch))!;
    expect({ burned: epoch!.burned, net: epoch!.netEmission, total: epoch!.totalBurned, start: epoch!.supplyStart, end: epoch!.supplyEnd }).toEqual({
      burned: chain.burned, net: chain.netEmission, total: chain.totalBurned, start: chain.supplyStart, end: chain.supplyEnd,
    });
    // The purchase (5000) and the device's onboarding fee (1000, burned) happened by the close.
    expect(epoch!.totalBurned).toBe("6000");
    for (let e = 0n; e <= usageEpoch; e++) {
      const [indexed, closed] = [(await api.getEpoch({ epoch: e })).epoch!, (await reader.depin.rewards.epoch(e))!];
      expect([indexed.burned, indexed.netEmission]).toEqual([closed.burned, closed.netEmission]);
    }
    expect(BigInt(epoch!.supplyEnd) - BigInt(epoch!.supplyStart)).toBe(BigInt(epoch!.netEmission));
    expect(epoch!.pools.map((p) => [p.networkType, p.usagePool, p.usageUnits, p.usageDevices])).toEqual(chain.pools.map((p) => [p.networkType, p.usagePool, p.usageUnits, p.usageDevices]));
    expect(epoch!.pools[0].usageUnits).toBe("100");
    const stats = await api.networkStats({});
    expect(stats).toMatchObject({ usageAccepted: 1n, usageRejected: 1n });
    expect(stats.totalBurned).toBe(stats.epochs[0].totalBurned);
  });

  it("streams the payments events and refuses bad payments requests with a field-naming error", async () => {
    const kinds = await new Promise<string[]>((resolve, reject) => {
      const out: string[] = [];
      const call = api.streamEvents({ kinds: ["depin.payments.v1.*"] });
      call.on("data", (m: { event?: { kind: string } }) => {
        out.push(m.event!.kind);
        if (out.length === 3) {
          call.cancel();
          resolve(out);
        }
      });
      call.on("error", (e: ServiceError) => (e.code === status.CANCELLED ? resolve(out) : reject(e)));
    });
    expect(kinds).toEqual(["depin.payments.v1.EventCreditsPurchased", "depin.payments.v1.EventUsageAccepted", "depin.payments.v1.EventUsageRejected"]);
    for (const [call, pattern] of [
      [api.listUsage({ user: "not-an-address" }), /^user:/],
      [api.listUsage({ fromEpoch: 5n, toEpoch: 2n }), /^to_epoch:/],
      [api.listUsage({ outcome: 7 as UsageOutcomeFilter }), /^outcome:/],
      [api.listCreditPurchases({ pageKey: "garbage!" }), /^page_key:/],
      [api.getAccountPayments({}), /^address: required/],
    ] as const) {
      await expect(call).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringMatching(pattern) });
    }
    expect((await api.getStatus({})).chainId).toBe(paymentsNetwork.chainId);
  });
});
