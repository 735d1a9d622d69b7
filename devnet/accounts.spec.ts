import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { addressFromMnemonic, devAccounts, devMnemonic } from "./accounts";

describe("dev accounts", () => {
  it("derive the same address as cosmjs DirectSecp256k1HdWallet", async () => {
    const mnemonic = devMnemonic(3);
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "depin" });
    const [account] = await wallet.getAccounts();
    expect(addressFromMnemonic(mnemonic, "depin")).toBe(account.address);
  });

  it("are deterministic and honour explicit mnemonics", () => {
    expect(devAccounts("depin", 2)).toEqual(devAccounts("depin", 2));
    expect(devAccounts("depin", 5, [devMnemonic(7)])).toHaveLength(1);
    expect(() => devAccounts("depin", 0, ["not a valid mnemonic"])).toThrow();
  });
});
