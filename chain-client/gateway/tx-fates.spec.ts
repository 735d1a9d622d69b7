/** TxFates against the embedded devnet: committed txs found block by block, by hash when too far behind, nothing invented. */
import type { SigningFieldnetClient } from "../signing-client";
import { startTestNet, type TestNet } from "../testing";
import { TxFates } from "./tx-fates";

let net: TestNet;
let sender: SigningFieldnetClient;
let recipient: string;

beforeAll(async () => {
  net = await startTestNet(100);
  sender = await net.signer(1);
  recipient = net.devnet.accounts[2].address;
}, 60_000);

afterAll(async () => {
  await net?.stop();
});

const fee = { amount: [{ denom: "ufield", amount: "5000" }], gas: "200000" };
const waitBlocks = async (n: number) => {
  const start = await sender.getHeight();
  while ((await sender.getHeight()) < start + n) await new Promise((r) => setTimeout(r, 50));
};

describe("TxFates", () => {
  it("finds a committed tx in the blocks since the last scan, once, and nothing for unknown hashes", async () => {
    const fates = await TxFates.connect(sender, net.devnet.rpcUrl);
    try {
      const sent = await sender.sendTokens(sender.sender, recipient, [{ denom: "ufield", amount: "1" }], fee);
      const unknown = "AB".repeat(32);
      const found = await fates.committedSince(new Set([sent.transactionHash, unknown]));
      expect(found.get(sent.transactionHash)).toEqual({ code: 0, height: sent.height, outcomes: [] });
      expect(found.has(unknown)).toBe(false);
      // Later scans start after the blocks already read.
      await waitBlocks(1);
      expect((await fates.committedSince(new Set([sent.transactionHash]))).size).toBe(0);
      // By hash still finds it (recovery after a restart uses this).
      expect(await fates.byHash(sent.transactionHash)).toEqual({ code: 0, height: sent.height, outcomes: [] });
    } finally {
      fates.disconnect();
    }
  });

  it("falls back to lookups by hash when more blocks passed than it scans at once", async () => {
    const fates = await TxFates.connect(sender, net.devnet.rpcUrl, 2);
    try {
      const sent = await sender.sendTokens(sender.sender, recipient, [{ denom: "ufield", amount: "1" }], fee);
      await waitBlocks(5); // the tx's block is now older than the 2 latest blocks scanned
      const found = await fates.committedSince(new Set([sent.transactionHash]));
      expect(found.get(sent.transactionHash)).toMatchObject({ code: 0, height: sent.height });
    } finally {
      fates.disconnect();
    }
  });
});
