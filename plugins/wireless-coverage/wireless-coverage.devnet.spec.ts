/**
 * wireless-coverage against the embedded devnet over real RPC (no test kit, no in-process app
 * access): honest hotspots and cheating ones side by side. Hotspots learn of challenges from the
 * `challenge_issued` event in block results (the beacon id re-derived from the block hash as the
 * README documents), beacon receipts and witness reports are signed with the chain-client device
 * SDK and relayed by a gateway account, and everything is checked through chain queries:
 * outcomes with reason codes, the plugin's challenge / witness / hotspot queries and rewards after
 * the epoch closes.
 */
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { RunningDevnet } from "../../devnet/devnet";
import { startRpcDevnet, type RpcDevnet } from "../../devnet/testing/rpc-devnet";
import { waitFor } from "../../devnet/testing/wait";
import { collect, DeviceKey, FieldnetClient, PayloadCodec, SigningFieldnetClient, signProof } from "../../chain-client";
import { OutcomeOrigin, type Proof, type ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { DeviceStatus } from "../../generated/depin/registry/v1/types";
import { defineNetwork } from "../../modules/app/network-config";
import { deriveBlockRandomness, derivePluginRandomness, randomBytesFor, toHex, type JsonValue } from "../../modules/plugin";
import { wirelessCoverage, type CoverageMetadata, type CoverageParams, type CoveragePayload } from "./index";
import type { Challenge, HotspotStats, WitnessEntry } from "./state";
import { CELLS, CHANNEL_HZ, HONEST_RSSI, PARAMS as FIXTURE_PARAMS } from "./fixtures";

jest.setTimeout(120_000);

const NETWORK_TYPE = "wireless-coverage";
const EPOCH_BLOCKS = 60;
const META: CoverageMetadata = { antennaGainDeciDbi: 120 };
/** -10 dBm: stronger than free space allows from ~2 km (the IMPOSSIBLE cell) even with 12 dBi antennas. */
const IMPOSSIBLE_RSSI = -100;

/**
 * The fixture params with room for a round trip over RPC: a report takes a few blocks at 100 ms
 * (detect, simulate, broadcast, include), so the window is 20 blocks. Rounds are 30 blocks apart
 * (no overlapping windows) and draw up to 16 hotspots out of 64 draws: every one of the 9 is
 * challenged in practically every round, so no test waits on the luck of the draw.
 */
const PARAMS: CoverageParams = { ...FIXTURE_PARAMS, challengeIntervalBlocks: 30, challengesPerRound: 16, windowBlocks: 20 };

const network = defineNetwork({
  chainId: "fieldnet-coverage-devnet-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 2, balance: "1000000000000" },
  plugins: [wirelessCoverage],
  depin: {
    authority: { devAccount: 0 },
    networkTypes: [{ plugin: "wireless-coverage", params: PARAMS }],
    registry: { onboardingFee: "1000", onboardingFeeDestination: "burn" },
    rewards: { epochLengthBlocks: EPOCH_BLOCKS, initialEmissionPerEpoch: "1000000", decayNumerator: 9, decayDenominator: 10, decayIntervalEpochs: 100 },
  },
});

/**
 * honest: beacons when challenged, witnesses the others' beacons. liar: asserts a location ~11 km
 * from where its radio is (its neighbours hear it too strongly). colocated: a second hotspot at
 * H0's site, witnessing H0. far: ~300 km away, reports beacons it was told about. impossible:
 * invents an RSSI free space cannot deliver. late: files its beacon receipt after the window.
 */
type Role = "honest" | "liar" | "colocated" | "far" | "impossible" | "late";
const CAST: ReadonlyArray<readonly [Role, string]> = [
  ["honest", CELLS.H0],
  ["honest", CELLS.H1],
  ["honest", CELLS.H2],
  ["honest", CELLS.H3],
  ["liar", CELLS.LIAR_CLAIMED],
  ["colocated", CELLS.COLOCATED],
  ["far", CELLS.FAR],
  ["impossible", CELLS.IMPOSSIBLE],
  ["late", CELLS.LATE],
];
/** Hotspots whose radios actually transmit a beacon when challenged; the witness-only cheats never do. */
const TRANSMITS: ReadonlySet<Role> = new Set<Role>(["honest", "liar", "late"]);

interface Issued {
  readonly challengeId: number;
  readonly challengee: string;
  readonly beaconId: string;
  readonly frequencyHz: number;
  readonly windowEnd: number;
}

type ChallengeView = Challenge & { witnesses: Array<WitnessEntry & { deviceId: string }> };

/** A hotspot as its operator runs it: key, asserted location, proof sequence. */
class Hotspot {
  readonly key = DeviceKey.generate();
  private sequence = 0n;

  constructor(
    readonly role: Role,
    readonly location: string,
    private readonly chainId: string,
    private readonly codec: PayloadCodec<CoverageMetadata, CoveragePayload>,
  ) {}

  get id(): string {
    return this.key.id;
  }

  /** Signs a payload with the next sequence (the codec checks it against the plugin's schema first). */
  sign(payload: CoveragePayload): Proof {
    this.sequence++;
    return signProof(this.key, { chainId: this.chainId, sequence: this.sequence, payload: this.codec.payload(payload), networkType: NETWORK_TYPE });
  }

  beacon(c: Issued): Proof {
    return this.sign({ kind: "beacon", challengeId: c.challengeId, beaconId: c.beaconId, frequencyHz: c.frequencyHz, sentAt: Date.now() });
  }

  witness(c: Issued, rssiDeciDbm = HONEST_RSSI): Proof {
    return this.sign({ kind: "witness", challengeId: c.challengeId, beaconId: c.beaconId, rssiDeciDbm, snrDeciDb: 55, frequencyHz: c.frequencyHz, receivedAt: Date.now() });
  }
}

describe("wireless-coverage on the embedded devnet (real RPC)", () => {
  let net: RpcDevnet;
  let devnet: RunningDevnet;
  let comet: Comet38Client;
  let reader: FieldnetClient;
  let gateway: SigningFieldnetClient;

  beforeAll(async () => {
    net = await startRpcDevnet(network, "coverage-devnet");
    ({ devnet, comet, reader, gateway } = net);
  });

  afterAll(async () => {
    await net?.stop();
  });

  const pluginQuery = (path: string, request: JsonValue): Promise<JsonValue> => reader.depin.proofs.pluginQuery(NETWORK_TYPE, path, request);
  const challengeView = async (id: number) => (await pluginQuery("challenge", { id })) as unknown as ChallengeView;
  const hotspotStats = async (id: string) => (await pluginQuery("hotspot", { deviceId: id })) as unknown as HotspotStats & { openChallenge: number | null };
  const outcomes = (id: string): Promise<ProofOutcome[]> => collect(reader.depin.proofs.allRecentOutcomes(id));
  const pending = async (id: string): Promise<bigint> => BigInt((await reader.depin.rewards.pendingRewards(id)).reward?.pending ?? "0");

  it("honest hotspots earn; each cheat earns nothing and its reason is queryable", async () => {
    const codec = new PayloadCodec(wirelessCoverage);
    const hotspots = CAST.map(([role, location]) => new Hotspot(role, location, devnet.chainId, codec));
    const byId = new Map(hotspots.map((h) => [h.id, h]));
    const one = (r: Role): Hotspot => hotspots.find((h) => h.role === r)!;
    const honest = hotspots.filter((h) => h.role === "honest");
    const h0 = honest[0];

    const registration = await gateway.execute(
      await Promise.all(hotspots.map((h) => gateway.registerDeviceMsg({ key: h.key, networkType: NETWORK_TYPE, metadata: META, location: h.location }))),
    );
    for (const h of hotspots) expect((await reader.depin.registry.device(h.id))?.location).toBe(h.location);

    // ---- the hotspots' side: watch blocks, transmit and witness per role ----------------------
    let scanned = registration.height - 1;
    const issued: Issued[] = [];
    const lateBeacons: Issued[] = [];

    /** Reads the new blocks' results; every challenge_issued is checked against the block hash. */
    async function scanBlocks(): Promise<Issued[]> {
      const head = (await comet.status()).syncInfo.latestBlockHeight;
      const fresh: Issued[] = [];
      for (let h = scanned + 1; h <= head; h++) {
        const results = await comet.blockResults(h);
        for (const e of results.finalizeBlockEvents) {
          if (e.type !== "depin.plugin.wireless-coverage.challenge_issued") continue;
          const a = Object.fromEntries(e.attributes.map((x) => [x.key, x.value]));
          const challengeId = Number(a.challenge_id);
          // The documented derivation: beacon id = first 16 bytes of
          // randomBytesFor(ctx.randomness, "wireless-coverage/beacon", cid), ctx.randomness from the issuing block's hash.
          const block = await comet.block(h);
          const randomness = derivePluginRandomness(deriveBlockRandomness({ chainId: devnet.chainId, height: BigInt(h), blockHash: block.blockId.hash }), NETWORK_TYPE);
          const beaconId = toHex(randomBytesFor(randomness, "wireless-coverage/beacon", BigInt(challengeId))).slice(0, 32);
          expect(a.beacon_id).toBe(beaconId);
          const c: Issued = { challengeId, challengee: a.challengee, beaconId, frequencyHz: Number(a.frequency_hz), windowEnd: Number(a.window_end) };
          expect([c.frequencyHz, c.windowEnd]).toEqual([CHANNEL_HZ, h + PARAMS.windowBlocks]);
          fresh.push(c);
        }
        scanned = h;
      }
      issued.push(...fresh);
      return fresh;
    }

    /** One round of the hotspots' work: everything heard since the last round, in one gateway tx. */
    async function step(): Promise<void> {
      const fresh = await scanBlocks();
      const proofs: Proof[] = [];
      for (const c of fresh) {
        const challengee = byId.get(c.challengee);
        if (!challengee || !TRANSMITS.has(challengee.role)) continue;
        if (challengee.role === "late") lateBeacons.push(c);
        else proofs.push(challengee.beacon(c));
        for (const w of honest) if (w !== challengee) proofs.push(w.witness(c));
        if (challengee === h0) proofs.push(one("colocated").witness(c));
        proofs.push(one("far").witness(c));
        proofs.push(one("impossible").witness(c, IMPOSSIBLE_RSSI));
      }
      // The late hotspot's receipt reaches the chain only once its window has closed.
      for (const c of lateBeacons.filter((x) => scanned > x.windowEnd)) proofs.push(one("late").beacon(c));
      lateBeacons.splice(0, lateBeacons.length, ...lateBeacons.filter((x) => scanned <= x.windowEnd));
      if (proofs.length > 0) await gateway.submitProofs(proofs);
    }

    /** Keeps the hotspots working until `done` holds (checked through chain queries). */
    const driveUntil = (done: () => Promise<boolean>, what: string) =>
      waitFor(async () => {
        await step();
        return (await done()) ? true : undefined;
      }, what, 60_000);

    // The first challenge of H0 (witnessed by the co-located hotspot), of the liar and of the late
    // hotspot, each closed, with the late receipt filed after its window.
    const firstOf = (h: Hotspot): Issued | undefined => issued.find((c) => c.challengee === h.id);
    const watched = [h0, one("liar"), one("late")];
    await driveUntil(async () => {
      for (const h of watched) {
        const c = firstOf(h);
        if (!c || scanned <= c.windowEnd || (await challengeView(c.challengeId)).status !== "closed") return false;
      }
      return (await outcomes(one("late").id)).some((o) => o.reason === "WINDOW_CLOSED");
    }, "H0's, the liar's and the late hotspot's challenges closed");
    // Everyone keeps working until the epoch holding those verdicts has closed.
    const { endHeight } = await reader.depin.rewards.currentEpoch();
    await driveUntil(async () => BigInt(await reader.getHeight()) > endHeight, `epoch close at height ${endHeight}`);

    // ---- what the chain says -----------------------------------------------------------------
    // H0's challenge: beacon recorded, the three other honest hotspots paid, each cheat's report stored with its reason.
    const h0Challenge = await challengeView(firstOf(h0)!.challengeId);
    expect(h0Challenge.beacon).toBeDefined();
    expect(h0Challenge.result).toMatchObject({ paidWitnesses: 3, validWitnesses: 3, reason: "" });
    expect(BigInt(h0Challenge.result!.challengeeUnits)).toBeGreaterThan(0n);
    const reportOf = (c: ChallengeView, h: Hotspot) => c.witnesses.find((w) => w.deviceId === h.id);
    for (const w of honest.slice(1)) expect(reportOf(h0Challenge, w)).toMatchObject({ valid: true, reason: "WITNESS_PENDING", finalReason: "" });
    expect(reportOf(h0Challenge, one("colocated"))).toMatchObject({ valid: false, reason: "TOO_CLOSE" });
    expect(reportOf(h0Challenge, one("far"))).toMatchObject({ valid: false, reason: "TOO_FAR" });
    expect(reportOf(h0Challenge, one("impossible"))).toMatchObject({ valid: false, reason: "RSSI_TOO_STRONG" });
    // The per-report query answers the same.
    expect(await pluginQuery("witness", { challengeId: h0Challenge.id, deviceId: one("colocated").id })).toMatchObject({ valid: false, reason: "TOO_CLOSE" });

    // The liar's beacon: its neighbours heard it far stronger than its asserted location allows.
    const liarChallenge = await challengeView(firstOf(one("liar"))!.challengeId);
    expect(liarChallenge.result).toMatchObject({ paidWitnesses: 0, reason: "NO_VALID_WITNESSES" });
    for (const w of honest) expect(reportOf(liarChallenge, w)).toMatchObject({ valid: false, reason: "RSSI_TOO_STRONG" });
    // The late hotspot's challenge closed without a receipt.
    expect((await challengeView(firstOf(one("late"))!.challengeId)).result).toMatchObject({ paidWitnesses: 0, reason: "NO_BEACON" });

    for (const h of honest) {
      const history = await outcomes(h.id);
      // Its beacon was recorded, and its challenge or its reports were paid at a window close (hook verdicts with units).
      expect(history.some((o) => o.origin === OutcomeOrigin.OUTCOME_ORIGIN_HOOK && o.accepted && BigInt(o.units) > 0n && /^challenge\/\d+$/.test(o.ref))).toBe(true);
      expect(BigInt((await hotspotStats(h.id)).unitsEarned)).toBeGreaterThan(0n);
      expect(await pending(h.id)).toBeGreaterThan(0n);
      expect((await reader.depin.registry.device(h.id))?.status).toBe(DeviceStatus.DEVICE_STATUS_ACTIVE);
    }
    expect((await outcomes(h0.id)).map((o) => o.reason)).toContain("BEACON_RECORDED");

    const expected: Record<Exclude<Role, "honest">, string[]> = {
      liar: ["NO_VALID_WITNESSES"],
      colocated: ["TOO_CLOSE"],
      far: ["TOO_FAR"],
      impossible: ["RSSI_TOO_STRONG"],
      late: ["WINDOW_CLOSED", "NO_BEACON"],
    };
    for (const h of hotspots.filter((x) => x.role !== "honest")) {
      const history = await outcomes(h.id);
      expect(history.filter((o) => !o.accepted).map((o) => o.reason)).toEqual(expect.arrayContaining(expected[h.role as Exclude<Role, "honest">]));
      expect(history.some((o) => BigInt(o.units) > 0n)).toBe(false);
      const stats = await hotspotStats(h.id);
      expect(stats.unitsEarned).toBe("0");
      if (h.role === "colocated" || h.role === "far" || h.role === "impossible") {
        expect(stats.witnessValid).toBe(0);
        expect(stats.witnessInvalid).toBeGreaterThan(0);
      }
      expect(await pending(h.id)).toBe(0n);
    }
  });
});
