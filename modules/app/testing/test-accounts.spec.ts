import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { accountFromMnemonic, testMnemonic } from "./test-accounts";

describe("test accounts", () => {
  it("derive the account cosmjs's DirectSecp256k1HdWallet derives from the same mnemonic", async () => {
    for (const mnemonic of [testMnemonic(0), testMnemonic(7, "another suite")]) {
      const ours = await accountFromMnemonic(mnemonic, "depin");
      const [theirs] = await (await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "depin" })).getAccounts();
      expect({ address: ours.address, pubkey: Buffer.from(ours.pubkey).toString("hex") }).toEqual({ address: theirs.address, pubkey: Buffer.from(theirs.pubkey).toString("hex") });
    }
  });

  it("refuses a mnemonic with a bad checksum, as cosmjs does", async () => {
    const words = testMnemonic(0).split(" ");
    words[words.length - 1] = words[words.length - 1] === "abandon" ? "ability" : "abandon";
    await expect(accountFromMnemonic(words.join(" "), "depin")).rejects.toThrow(/checksum/i);
  });
});
