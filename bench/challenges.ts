/**
 * Challenge plugins (wireless-coverage, storage): cost of challenge issuance per block with 1k vs
 * 100k registered devices of each type (must not grow with the device count: selection draws
 * random ordinals from the plugins' sampling indexes), and challenges issued / answers verified
 * per second, beside the machine's raw sha256 and ed25519 rates measured in the same run.
 *
 * Keepers over the real committed store (like bench/epoch-close.ts): devices are written through
 * the registry keeper and the plugin's onRegister; onBlock runs through the real hook runner
 * (modules/proofs/hooks.ts), answers through the real proof pipeline (processBatch: ed25519
 * signature, sequence, schema, verify). Prints JSON.
 *
 *   npx tsx bench/challenges.ts [sizes=1000,100000]
 */
import { createHash } from "node:crypto";
import { latLngToCell } from "h3-js";
import { Context } from "../modules/app/context";
import { openCommitStore } from "../modules/store/commit-store";
import { AddressCodec } from "../modules/auth/address";
import { AuthKeeper } from "../modules/auth/keeper";
import { BankKeeper } from "../modules/bank/keeper";
import { buildDepinModules } from "../modules/proofs/wiring";
import { runOnBlockHooks } from "../modules/proofs/hooks";
import { processBatch } from "../modules/proofs/process";
import { toDeviceView } from "../modules/registry/keeper";
import { Device, DeviceStatus, KeyType } from "../generated/depin/registry/v1/types";
import { Params as RewardsParams } from "../generated/depin/rewards/v1/types";
import { decodeState } from "../modules/rewards/state";
import { canonicalJsonBytes } from "../modules/plugin/canonical-json";
import { DeviceSigner } from "../modules/plugin/device-signer";
import { sha256, toHex, utf8 } from "../modules/plugin/bytes";
import { wirelessCoverage } from "../plugins/wireless-coverage";
import { PARAMS as COVERAGE_TEST_PARAMS } from "../plugins/wireless-coverage/fixtures";
import { storage } from "../plugins/storage";
import { TestNode } from "../plugins/storage/testing";
import { ed25519VerifiesPerSecond } from "./lib/raw-crypto";
import type { NetworkConfig } from "../modules/app/network-config";
import type { CommitStore } from "../modules/store/types";
import type { DepinModules } from "../modules/proofs/wiring";
import { median } from "./lib/run-summary";

const config: NetworkConfig = { chainId: "bench-1", bech32Prefix: "depin", denom: "ufield", minGasPrice: "0.025", devAccounts: { count: 0, balance: "0" }, plugins: [wirelessCoverage, storage] };
const OWNER = new AddressCodec("depin").encode(new Uint8Array(20).fill(1));
const COVERAGE = { ...COVERAGE_TEST_PARAMS, challengeIntervalBlocks: 1, challengesPerRound: 10, windowBlocks: 1 };
const STORAGE = { challengeIntervalBlocks: 1, challengesPerRound: 50, responseDeadlineBlocks: 2, chunkSize: 256, chunksPerChallenge: 1, periodBlocks: 10, maxConsecutiveFaults: 3 };
const DATA = new TestNode("bench", 4096, STORAGE.chunkSize); // one data set committed by every node (building 100k trees would only slow set-up)
const T0 = 1_767_225_600_000n;

function header(height: bigint) {
  return { chainId: config.chainId, height, timeMs: T0 + height * 1000n, hash: sha256(utf8(`b${height}`)), proposer: new Uint8Array(20) };
}


function rawSha256PerSecond(ms = 1000): number {
  const input = Buffer.alloc(64, 7);
  const start = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - start) / 1e6 < ms) {
    for (let i = 0; i < 1000; i++) createHash("sha256").update(input).digest();
    n += 1000;
  }
  return Math.round(n / (Number(process.hrtime.bigint() - start) / 1e9));
}

interface World {
  store: CommitStore;
  depin: DepinModules;
  height: bigint;
  signers: Map<string, DeviceSigner>;
  coverageLatLng: Map<string, [number, number]>;
}

function commit(w: World, ctx: Context, state: ReturnType<CommitStore["branch"]>): void {
  void ctx;
  w.store.stage(Number(w.height), state.changes());
  w.store.commit();
  w.height++;
}

/** N devices of each type; the first `signed` of each get real keys (the ones answering). */
function setup(size: number, signed: number): World {
  const store = openCommitStore(":memory:");
  const addresses = new AddressCodec("depin");
  const depin = buildDepinModules(config, addresses, new BankKeeper(addresses, new AuthKeeper(addresses)));
  const w: World = { store, depin, height: 1n, signers: new Map(), coverageLatLng: new Map() };
  let state = store.branch();
  const genesis = new Context(header(0n), "genesis", state);
  // fromPartial / decodeState fill every other field with its default (the rewards types evolve).
  depin.rewards.setParams(genesis, RewardsParams.fromPartial({ epochLengthBlocks: 1_000_000n, denom: "ufield", initialEmissionPerEpoch: "1000000000", decayNumerator: 9n, decayDenominator: 10n, decayIntervalEpochs: 10n, emissionCap: "0", networkTypeWeights: [{ networkType: "wireless-coverage", weight: 1n }, { networkType: "storage", weight: 1n }] }), 0n);
  depin.rewards.setState(genesis, { ...decodeState(new TextEncoder().encode("[]")), startHeight: 1n });
  for (const [plugin, params] of [[wirelessCoverage, COVERAGE], [storage, STORAGE]] as const) {
    depin.registry.setNetworkType(genesis, { name: plugin.type, plugin: plugin.type, pluginVersion: plugin.version, paramsJson: canonicalJsonBytes(params), enabled: true, updatedHeight: 0n });
  }
  const BATCH = 20_000;
  let ctx = new Context(header(w.height), "finalize", state);
  for (let i = 0; i < size; i++) {
    for (const type of ["wireless-coverage", "storage"] as const) {
      let pubkey: Uint8Array;
      if (i < signed) {
        const signer = DeviceSigner.fromLabel(`bench/${type}/${i}`);
        pubkey = signer.pubkey;
        w.signers.set(signer.id, signer);
      } else pubkey = sha256(utf8(`pk ${type} ${i}`));
      const id = toHex(sha256(Uint8Array.of(KeyType.KEY_TYPE_ED25519), pubkey).subarray(0, 20));
      // Coverage: a 500 m grid around Berlin (40 columns), so the first hotspots have neighbours 1-4 km away.
      const latLng: [number, number] = [52.3 + Math.floor(i / 40) * 0.0045, 13.2 + (i % 40) * 0.0074];
      const location = type === "wireless-coverage" ? latLngToCell(latLng[0], latLng[1], 12) : "";
      if (type === "wireless-coverage") w.coverageLatLng.set(id, latLng);
      const metadata = type === "wireless-coverage" ? { antennaGainDeciDbi: 30 } : DATA.metadata;
      const device: Device = { id, owner: OWNER, networkType: type, keyType: KeyType.KEY_TYPE_ED25519, pubkey, metadataJson: canonicalJsonBytes(metadata), location, status: DeviceStatus.DEVICE_STATUS_ACTIVE, registeredHeight: w.height, updatedHeight: w.height, registrationNonce: 1n, locationHeight: location ? w.height : 0n };
      depin.registry.setDevice(ctx, device, undefined);
      const { hosted, params } = depin.registry.pluginFor(ctx, depin.registry.getNetworkType(ctx, type)!);
      const base = depin.plugins.baseContext(ctx, type, params, depin.registry.registryView(ctx, type), depin.plugins.pluginStore(depin.plugins.store(ctx, type, false)), ctx.events);
      hosted.plugin.onRegister!({ ...base, change: "register", device: toDeviceView(device), previous: undefined });
    }
    if ((i + 1) % BATCH === 0 || i + 1 === size) {
      commit(w, ctx, state);
      state = store.branch();
      ctx = new Context(header(w.height), "finalize", state);
    }
  }
  return w;
}

function issuedEvents(ctx: Context): Array<{ type: string; attrs: Record<string, string> }> {
  return ctx.events.events
    .filter((e) => e.type.endsWith(".challenge_issued"))
    .map((e) => ({ type: e.type.split(".")[2]!, attrs: Object.fromEntries(e.attributes.map((a) => [a.key, a.value])) }));
}

/** Counts reads reaching the state store (the work a block does, independent of per-read cost). */
function counting<T extends object>(store: T, counter: { reads: number }): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (prop === "get" || prop === "has" || prop === "iterate") counter.reads++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** onBlock (both plugins) on branches of the same committed state at 15 heights: issuance cost only. */
function issuanceCost(w: World) {
  const times: number[] = [];
  let issued = 0;
  const counter = { reads: 0 };
  // Warm-up (JIT, caches) on other heights, untimed: otherwise the first size measured pays for it.
  for (let k = 100; k < 105; k++) runOnBlockHooks(new Context(header(w.height + BigInt(k)), "finalize", w.store.branch()), w.depin.proofs);
  for (let k = 0; k < 15; k++) {
    const ctx = new Context(header(w.height + BigInt(k)), "finalize", counting(w.store.branch(), counter));
    const start = process.hrtime.bigint();
    runOnBlockHooks(ctx, w.depin.proofs);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    issued += issuedEvents(ctx).length;
  }
  // The per-read cost of this state size: 2,000 random device records read through the registry keeper.
  const ctx = new Context(header(w.height), "query", w.store.branch());
  const ids = [...w.depin.registry.allDevices(ctx)].filter((_, i) => i % 7 === 0).slice(0, 2000).map((d) => d.id);
  const start = process.hrtime.bigint();
  for (const id of ids) w.depin.registry.getDevice(ctx, id);
  const usPerDeviceRead = Number((Number(process.hrtime.bigint() - start) / 1e3 / ids.length).toFixed(1));
  return { msPerBlockMedian: Number(median(times).toFixed(3)), challengesPerBlock: issued / 15, storeReadsPerBlock: Math.round(counter.reads / 15), usPerDeviceRead };
}

/** Rounds of: block with answers (processBatch) + onBlock (close/sweep + issue), committed. */
function throughput(w: World, rounds: number) {
  let hookMs = 0;
  let verifyMs = 0;
  let issued = 0;
  const answered = { storage: 0, witness: 0, beacon: 0, accepted: 0 };
  let pending: Array<{ type: string; attrs: Record<string, string> }> = [];
  const params = w.depin.proofs.getParams(new Context(header(w.height), "query", w.store.branch()));
  const proofsParams = { ...params, maxBatchSize: 1000 };
  for (let r = 0; r < rounds; r++) {
    const state = w.store.branch();
    const ctx = new Context(header(w.height), "finalize", state);
    const t = ctx.header.timeMs;
    const proofs = [];
    for (const { type, attrs } of pending) {
      if (type === "storage") {
        const signer = w.signers.get(attrs.device!);
        if (!signer) continue;
        proofs.push(signer.signProof(config.chainId, DATA.answer(Number(attrs.challenge_id), attrs.indices!.split(",").map(Number)), t));
        answered.storage++;
      } else {
        const challengee = attrs.challengee!;
        const cid = Number(attrs.challenge_id);
        const beacon = { kind: "beacon", challengeId: cid, beaconId: attrs.beacon_id, frequencyHz: Number(attrs.frequency_hz), sentAt: Number(t) };
        const cs = w.signers.get(challengee);
        if (!cs) continue;
        proofs.push(cs.signProof(config.chainId, beacon, t));
        answered.beacon++;
        const [lat, lng] = w.coverageLatLng.get(challengee)!;
        let n = 0;
        for (const [id, [la, ln]] of w.coverageLatLng) {
          const dy = (la - lat) * 111_000;
          const dx = (ln - lng) * 67_700;
          const d2 = dx * dx + dy * dy;
          const signer = w.signers.get(id);
          if (!signer || d2 < 1000 ** 2 || d2 > 4000 ** 2) continue;
          proofs.push(signer.signProof(config.chainId, { kind: "witness", challengeId: cid, beaconId: attrs.beacon_id, rssiDeciDbm: -1000, snrDeciDb: 50, frequencyHz: Number(attrs.frequency_hz), receivedAt: Number(t) }, t));
          answered.witness++;
          if (++n === 10) break;
        }
      }
    }
    let start = process.hrtime.bigint();
    for (let i = 0; i < proofs.length; i += 1000) answered.accepted += processBatch(ctx, w.depin.proofs, proofsParams, proofs.slice(i, i + 1000)).filter((o) => o.accepted).length;
    verifyMs += Number(process.hrtime.bigint() - start) / 1e6;
    start = process.hrtime.bigint();
    runOnBlockHooks(ctx, w.depin.proofs);
    hookMs += Number(process.hrtime.bigint() - start) / 1e6;
    pending = issuedEvents(ctx);
    issued += pending.length;
    commit(w, ctx, state);
  }
  const answers = answered.storage + answered.witness + answered.beacon;
  return {
    rounds,
    challengesIssued: issued,
    challengesIssuedAndClosedPerSecond: Math.round((issued / hookMs) * 1000),
    answersVerified: answers,
    answersAccepted: answered.accepted,
    answersVerifiedPerSecond: Math.round((answers / verifyMs) * 1000),
    breakdown: answered,
  };
}

function main(): void {
  const sizes = (process.argv[2] ?? "1000,100000").split(",").map(Number);
  const raw = { sha256_64B_PerSecond: rawSha256PerSecond(), ed25519VerifiesPerSecond: ed25519VerifiesPerSecond(1500) };
  const issuance = [];
  let verification;
  for (const size of sizes) {
    const t0 = process.hrtime.bigint();
    const w = setup(size, size === sizes[0] ? Math.min(size, 1000) : 0);
    const populateSeconds = Number((Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1));
    issuance.push({ devicesPerType: size, ...issuanceCost(w), populateSeconds });
    if (size === sizes[0]) verification = { devicesPerType: size, ...throughput(w, 20) };
    w.store.close();
  }
  const ms = issuance.map((x) => x.msPerBlockMedian);
  console.log(
    JSON.stringify(
      {
        bench: "challenges",
        mode: "keepers over the committed store; onBlock of wireless-coverage (10 challenges/round) and storage (50/round) through the real hook runner",
        raw,
        issuance,
        issuanceMaxOverMin: Number((Math.max(...ms) / Math.min(...ms)).toFixed(2)),
        deviceRatio: sizes[sizes.length - 1]! / sizes[0]!,
        verification,
        note: "answersVerifiedPerSecond includes one ed25519 verification per answer (compare raw.ed25519VerifiesPerSecond); storage answers hash one 256-byte chunk and a 12-level Merkle path",
      },
      null,
      2,
    ),
  );
}

main();
