import { energyMeter } from "../../../plugins/energy-meter";
import { AppTestKit } from "../../plugin/test-kit";

describe("runTx in a recheck", () => {
  it("runs the ante handler only: a tx whose message a block made fail stays in the mempool, then fails in its own block and pays its fee", async () => {
    const kit = await AppTestKit.start({ plugins: [energyMeter], networkTypes: [{ plugin: "energy-meter", params: { minIntervalSeconds: 60, maxClockSkewSeconds: 30 } }], owners: 2, namespace: "recheck" });
    try {
      // Owner 0 and owner 1 both try to register the same device key: owner 0's tx is checked first
      // and waits in the mempool, owner 1's goes straight into a block.
      const device = kit.newDeviceSigner();
      const first = await kit.signTx([kit.registerMsg(device, { networkType: "energy-meter", metadata: { ratedPowerW: 1000 }, owner: 0 })], 0);
      expect((await kit.chain.checkTx(first)).code).toBe(0);
      const rival = await kit.signTx([kit.registerMsg(device, { networkType: "energy-meter", metadata: { ratedPowerW: 1000 }, owner: 1 })], 1);
      const block = await kit.chain.deliver([rival]);
      expect(block.txResults[0].code).toBe(0);
      kit.sequences[1]++;

      // The recheck asked only whether the tx can still pay with the next sequence: it can.
      expect(kit.chain.pendingTxs).toBe(1);
      const before = await kit.balance(0);
      const own = await kit.chain.deliver([first]);
      expect(own.txResults[0].codespace).toBe("registry");
      expect(own.txResults[0].code).not.toBe(0);
      expect(kit.chain.pendingTxs).toBe(0);
      const fee = (50_000_000n * 25n + 999n) / 1000n;
      expect(await kit.balance(0)).toBe(before - fee);
    } finally {
      await kit.close();
    }
  });
});
