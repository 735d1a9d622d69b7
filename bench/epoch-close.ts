/**
 * Epoch close time vs registered devices (goal: flat within 20%, since closing is O(network types)).
 *
 * State is populated directly through the keepers in large committed batches (devices in the
 * registry, each with unsettled units in the open epoch), then the rewards keeper closes the epoch
 * on a branch of the committed state; the sizes take turns and the median of each one's closes is
 * reported. Prints JSON.
 *
 *   npx tsx bench/epoch-close.ts [sizes=1000,100000,1000000]
 */
import { Context } from "../modules/app/context";
import { openCommitStore } from "../modules/store/commit-store";
import { AddressCodec } from "../modules/auth/address";
import { AuthKeeper } from "../modules/auth/keeper";
import { BankKeeper } from "../modules/bank/keeper";
import { buildDepinModules } from "../modules/proofs/wiring";
import { Device, DeviceStatus, KeyType } from "../generated/depin/registry/v1/types";
import { energyMeter } from "../plugins/energy-meter";
import { envSensor } from "../plugins/env-sensor";
import { sha256, toHex, utf8 } from "../modules/plugin/bytes";
import type { NetworkConfig } from "../modules/app/network-config";
import type { CommitStore } from "../modules/store/types";
import { median } from "./lib/run-summary";

const config: NetworkConfig = {
  chainId: "bench-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 0, balance: "0" },
  plugins: [energyMeter, envSensor],
};
const OWNER = new AddressCodec("depin").encode(new Uint8Array(20).fill(1));

function header(height: bigint) {
  return { chainId: config.chainId, height, timeMs: 1_767_225_600_000n + height * 1000n, hash: sha256(utf8(`b${height}`)), proposer: new Uint8Array(20) };
}

function setup(size: number): { store: CommitStore; depin: ReturnType<typeof buildDepinModules> } {
  const store = openCommitStore(":memory:");
  const addresses = new AddressCodec("depin");
  const bank = new BankKeeper(addresses, new AuthKeeper(addresses));
  const depin = buildDepinModules(config, addresses, bank);
  let height = 1;
  let state = store.branch();
  const genesis = new Context(header(0n), "genesis", state);
  depin.rewards.setParams(genesis, { epochLengthBlocks: 1_000_000n, denom: "ufield", initialEmissionPerEpoch: "1000000000", decayNumerator: 9n, decayDenominator: 10n, decayIntervalEpochs: 10n, emissionCap: "0", networkTypeWeights: [{ networkType: "energy-meter", weight: 3n, usageShareBps: 0 }, { networkType: "env-sensor", weight: 1n, usageShareBps: 0 }] }, 0n);
  depin.rewards.setState(genesis, { currentEpoch: 0n, startHeight: 1n, carriedIn: 0n, totalEmitted: 0n, totalMinted: 0n, supplyBaseline: 0n, epochStartSupply: 0n, epochStartBurned: 0n });
  const BATCH = 50_000;
  for (let i = 0; i < size; i++) {
    const ctx = new Context(header(BigInt(height)), "finalize", state);
    const id = toHex(sha256(utf8(`device ${i}`)).subarray(0, 20));
    const networkType = i % 2 ? "env-sensor" : "energy-meter";
    const device: Device = { id, owner: OWNER, networkType, keyType: KeyType.KEY_TYPE_ED25519, pubkey: sha256(utf8(`pk ${i}`)), metadataJson: utf8("{}"), location: "", status: DeviceStatus.DEVICE_STATUS_ACTIVE, registeredHeight: 1n, updatedHeight: 1n, registrationNonce: 1n, locationHeight: 0n };
    depin.registry.setDevice(ctx, device, undefined);
    depin.rewards.recordUnits(ctx, id, networkType, BigInt(1 + (i % 100)));
    if ((i + 1) % BATCH === 0 || i + 1 === size) {
      store.stage(height, state.changes());
      store.commit();
      height++;
      state = store.branch();
    }
  }
  return { store, depin };
}

const CLOSES_PER_SIZE = 31;
/**
 * A close takes a fraction of a millisecond. Timed size after size, whichever size ran first came
 * out up to 1.5× slower than the next, in either order (V8 still optimising, the host's drift), so
 * the code is warmed first and then the sizes take turns, one close each per round.
 */
const WARMUP_CLOSES = 500;

function timeOneClose(store: CommitStore, depin: ReturnType<typeof buildDepinModules>): number {
  const ctx = new Context(header(BigInt(store.lastCommit.height + 1)), "finalize", store.branch());
  const start = process.hrtime.bigint();
  const summary = depin.rewards.closeEpoch(ctx, depin.rewards.getParams(ctx), depin.rewards.getState(ctx));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (summary.pools.length !== 2) throw new Error("expected two pools");
  return ms;
}

function main(): void {
  const sizes = (process.argv[2] ?? "1000,100000,1000000").split(",").map(Number);
  const worlds = sizes.map((size) => {
    const t0 = Date.now();
    const world = setup(size);
    return { size, ...world, populateSeconds: (Date.now() - t0) / 1000, times: [] as number[] };
  });
  for (let run = 0; run < WARMUP_CLOSES; run++) timeOneClose(worlds[0].store, worlds[0].depin);
  for (let run = 0; run < CLOSES_PER_SIZE; run++) {
    for (const world of worlds) world.times.push(timeOneClose(world.store, world.depin));
  }
  const results = worlds.map(({ size, times, populateSeconds, store }) => {
    store.close();
    return { devices: size, closeMsMedian: Number(median(times).toFixed(3)), closeMsAll: times.map((t) => Number(t.toFixed(3))), populateSeconds };
  });
  const base = results[0].closeMsMedian;
  const worst = Math.max(...results.map((r) => r.closeMsMedian));
  console.log(JSON.stringify({ bench: "epoch-close", mode: "keepers over the committed store (close on a branch, not committed)", results, maxOverMin: Number((worst / Math.min(...results.map((r) => r.closeMsMedian))).toFixed(3)), goal: "flat within 20% (maxOverMin <= 1.2)", firstSizeMs: base }, null, 2));
}

main();
