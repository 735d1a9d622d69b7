import { energyMeter } from "../../../plugins/energy-meter";
import { AppTestKit } from "../../plugin/test-kit";
import { decodeTx } from "./decode";

/** The tx with an unknown TxRaw field (number 4, varint 1) appended: same content, a second byte form. */
function withUnknownField(tx: Uint8Array): Uint8Array {
  return new Uint8Array([...tx, 0x20, 0x01]);
}

describe("decodeTx", () => {
  let kit: AppTestKit;
  beforeAll(async () => {
    kit = await AppTestKit.start({ plugins: [energyMeter], networkTypes: [{ plugin: "energy-meter", params: { minIntervalSeconds: 60, maxClockSkewSeconds: 30 } }], owners: 2, namespace: "decode" });
  });
  afterAll(async () => kit.close());

  const send = () => kit.signTx([{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: kit.owners[0].address, toAddress: kit.owners[1].address, amount: [{ denom: "ufield", amount: "1" }] } }], 0);

  it("refuses a second byte form of a tx unless told these exact bytes passed before", async () => {
    const routes = new Map([["/cosmos.bank.v1beta1.MsgSend", { codec: { decode: (b: Uint8Array) => b } }]]) as never;
    const odd = withUnknownField(await send());
    expect(() => decodeTx(odd, routes)).toThrow(/TxRaw has unknown fields or a non-canonical encoding/);
    // The flag is the caller's promise (runTx keys it by the bytes' hash), not a check.
    expect(decodeTx(odd, routes, true).msgs).toHaveLength(1);
  });

  it("a non-canonical tx is refused in CheckTx and in a block, and a canonical one checked first is executed in its block", async () => {
    const good = await send();
    const odd = withUnknownField(good);
    const checked = await kit.chain.checkTx(odd);
    expect({ code: checked.code, codespace: checked.codespace }).toEqual({ code: 2, codespace: "sdk" });
    const before = await kit.balance(1);
    const block = await kit.chain.deliver([odd]);
    expect({ code: block.txResults[0].code, codespace: block.txResults[0].codespace }).toEqual({ code: 2, codespace: "sdk" });
    expect(block.txResults[0].log).toMatch(/non-canonical encoding/);

    expect((await kit.chain.checkTx(good)).code).toBe(0);
    const own = await kit.chain.deliver([good]);
    expect(own.txResults[0].code).toBe(0);
    kit.sequences[0]++;
    expect(await kit.balance(1)).toBe(before + 1n);
  });
});
