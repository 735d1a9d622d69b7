/**
 * storage against the embedded devnet over real RPC (no test kit, no in-process app access): an
 * honest node and cheating nodes side by side. Nodes learn of their challenges the way a real one
 * would (the `challenge_issued` event in block results), re-derive the asked chunks from the block
 * hash as the README documents, answer with proofs signed by the chain-client device SDK and
 * relayed by a gateway account, and everything is then checked through chain queries: outcomes
 * with reason codes, the plugin's fault counts, deactivation in the registry and rewards after the
 * epoch closes.
 */
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { RunningDevnet } from "../../devnet/devnet";
import { startRpcDevnet, type RpcDevnet } from "../../devnet/testing/rpc-devnet";
import { waitFor } from "../../devnet/testing/wait";
import { collect, DeviceKey, FieldnetClient, PayloadCodec, SigningFieldnetClient, signProof } from "../../chain-client";
import { OutcomeOrigin, type Proof, type ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { DeviceStatus } from "../../generated/depin/registry/v1/types";
import { defineNetwork } from "../../modules/app/network-config";
import { deriveBlockRandomness, derivePluginRandomness, randomIndex, type JsonValue } from "../../modules/plugin";
import { storage, type NodeStats, type StorageChallenge, type StorageMetadata, type StorageParams, type StoragePayload } from "./index";
import { TEST_PARAMS, TestNode } from "./testing";

jest.setTimeout(120_000);

const NETWORK_TYPE = "storage";
const EPOCH_BLOCKS = 40;
const CHUNKS = 64;

/**
 * TEST_PARAMS (64-byte chunks, 2 per challenge) with room for a round trip over RPC: an answer
 * takes a few blocks at 100 ms (detect, simulate, broadcast, include), so the deadline is 40
 * blocks (4 s, with room for a loaded CI machine). Two faults in a row deactivate, so every cheat
 * is out within a few seconds.
 */
const PARAMS: StorageParams = { ...TEST_PARAMS, challengeIntervalBlocks: 5, challengesPerRound: 8, responseDeadlineBlocks: 40, periodBlocks: 5, maxConsecutiveFaults: 2 };

const network = defineNetwork({
  chainId: "fieldnet-storage-devnet-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 2, balance: "1000000000000" },
  plugins: [storage],
  depin: {
    authority: { devAccount: 0 },
    networkTypes: [{ plugin: "storage", params: PARAMS }],
    registry: { onboardingFee: "1000", onboardingFeeDestination: "burn" },
    rewards: { epochLengthBlocks: EPOCH_BLOCKS, initialEmissionPerEpoch: "1000000", decayNumerator: 9, decayDenominator: 10, decayIntervalEpochs: 100 },
  },
});

/**
 * honest: answers every challenge. lost: threw the data away, answers zeroed chunks with the right
 * paths. wrong: answers the right chunks with a corrupted path. late: answers after the deadline.
 * replay: answers once, then replays that answer (same signed proof, re-signed, relabelled).
 */
type Role = "honest" | "lost" | "wrong" | "late" | "replay";
const ROLES: readonly Role[] = ["honest", "lost", "wrong", "late", "replay"];

interface Issued {
  readonly challengeId: number;
  readonly device: string;
  readonly height: number;
  readonly indices: readonly number[];
  readonly deadline: number;
}

/** A storage node as its operator runs it: key, data, proof sequence. */
class Node {
  readonly key = DeviceKey.generate();
  readonly data: TestNode;
  private sequence = 0n;

  constructor(
    readonly role: Role,
    private readonly chainId: string,
    private readonly codec: PayloadCodec<StorageMetadata, StoragePayload>,
  ) {
    this.data = new TestNode(`devnet-${role}`, CHUNKS, PARAMS.chunkSize);
  }

  get id(): string {
    return this.key.id;
  }

  /** Signs a payload with the next sequence (the codec checks it against the plugin's schema first). */
  sign(payload: StoragePayload): Proof {
    this.sequence++;
    return signProof(this.key, { chainId: this.chainId, sequence: this.sequence, payload: this.codec.payload(payload), networkType: NETWORK_TYPE });
  }
}

describe("storage on the embedded devnet (real RPC)", () => {
  let net: RpcDevnet;
  let devnet: RunningDevnet;
  let comet: Comet38Client;
  let reader: FieldnetClient;
  let gateway: SigningFieldnetClient;

  beforeAll(async () => {
    net = await startRpcDevnet(network, "storage-devnet");
    ({ devnet, comet, reader, gateway } = net);
  });

  afterAll(async () => {
    await net?.stop();
  });

  const pluginQuery = (path: string, request: JsonValue): Promise<JsonValue> => reader.depin.proofs.pluginQuery(NETWORK_TYPE, path, request);
  const nodeStats = async (id: string) => (await pluginQuery("node", { deviceId: id })) as unknown as NodeStats & { openChallenge: StorageChallenge | null };
  const outcomes = (id: string): Promise<ProofOutcome[]> => collect(reader.depin.proofs.allRecentOutcomes(id));
  const pending = async (id: string): Promise<bigint> => BigInt((await reader.depin.rewards.pendingRewards(id)).reward?.pending ?? "0");

  it("the honest node earns; each cheat earns nothing, its reason and faults are queryable and it is deactivated", async () => {
    const codec = new PayloadCodec(storage);
    const nodes = ROLES.map((role) => new Node(role, devnet.chainId, codec));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const role = (r: Role): Node => nodes.find((n) => n.role === r)!;

    const registration = await gateway.execute(await Promise.all(nodes.map((n) => gateway.registerDeviceMsg({ key: n.key, networkType: NETWORK_TYPE, metadata: n.data.metadata }))));
    for (const n of nodes) expect((await reader.depin.registry.device(n.id))?.status).toBe(DeviceStatus.DEVICE_STATUS_ACTIVE);

    // ---- the nodes' side: watch blocks, answer per role --------------------------------------
    let scanned = registration.height - 1;
    const issued: Issued[] = [];
    const deactivatedEvents = new Map<string, string>();
    let lateMissed: Issued | undefined;
    let lateAnswered = false;
    let kept: { proof: Proof; payload: StoragePayload } | undefined;

    /** Reads the new blocks' results; every challenge_issued is checked against the block hash and the challenge query. */
    async function scanBlocks(): Promise<Issued[]> {
      const head = (await comet.status()).syncInfo.latestBlockHeight;
      const fresh: Issued[] = [];
      for (let h = scanned + 1; h <= head; h++) {
        const results = await comet.blockResults(h);
        for (const e of results.finalizeBlockEvents) {
          const a = Object.fromEntries(e.attributes.map((x) => [x.key, x.value]));
          if (e.type === "depin.plugin.storage.node_deactivated") deactivatedEvents.set(a.device, a.reason);
          if (e.type !== "depin.plugin.storage.challenge_issued") continue;
          const challengeId = Number(a.challenge_id);
          // The documented derivation: chunk j = randomIndex(ctx.randomness, "storage/chunk/<cid>", j, chunkCount),
          // ctx.randomness from the hash of the block that issued it (public once the block exists).
          const block = await comet.block(h);
          const randomness = derivePluginRandomness(deriveBlockRandomness({ chainId: devnet.chainId, height: BigInt(h), blockHash: block.blockId.hash }), NETWORK_TYPE);
          const indices = Array.from({ length: PARAMS.chunksPerChallenge }, (_, j) => Number(randomIndex(randomness, `storage/chunk/${challengeId}`, BigInt(j), BigInt(CHUNKS))));
          expect(a.indices).toBe(indices.join(","));
          const c: Issued = { challengeId, device: a.device, height: h, indices, deadline: Number(a.deadline) };
          expect(c.deadline).toBe(h + PARAMS.responseDeadlineBlocks);
          expect(await pluginQuery("challenge", { id: challengeId })).toMatchObject({ id: challengeId, device: c.device, issuedHeight: String(h), indices, deadline: String(c.deadline) });
          fresh.push(c);
        }
        scanned = h;
      }
      issued.push(...fresh);
      return fresh;
    }

    /** One round of the nodes' work: new challenges answered per role, in one gateway tx. */
    async function step(): Promise<void> {
      const fresh = await scanBlocks();
      const proofs: Proof[] = [];
      for (const c of fresh) {
        const n = byId.get(c.device);
        if (!n) continue;
        if (n.role === "honest") proofs.push(n.sign(n.data.answer(c.challengeId, c.indices)));
        else if (n.role === "lost") proofs.push(n.sign(n.data.answer(c.challengeId, c.indices, (x) => void (x.data = new Uint8Array(x.data.length)))));
        else if (n.role === "wrong") proofs.push(n.sign(n.data.answer(c.challengeId, c.indices, (x) => void (x.path = x.path.map((p, i) => (i === 0 ? new Uint8Array(32) : p))))));
        else if (n.role === "late") lateMissed ??= c; // answered once the deadline has passed (below); later ones never
        else if (!kept) {
          // The replayer's one genuine answer: it keeps the answer (and the signed proof) instead of the data.
          const payload = n.data.answer(c.challengeId, c.indices);
          kept = { payload, proof: n.sign(payload) };
          proofs.push(kept.proof);
        } else {
          proofs.push(kept.proof); // the very same signed proof, in a new tx
          proofs.push(n.sign(kept.payload)); // the same answer, fresh sequence
          // Relabelled for the new challenge: fresh random indices (a 1 in 64^2 chance of matching the old ones) make it a fault.
          proofs.push(n.sign({ ...kept.payload, challengeId: c.challengeId }));
        }
      }
      if (lateMissed && !lateAnswered && scanned > lateMissed.deadline) {
        // Lands at a height past the deadline: the sweep at the end of the deadline block made it a fault already.
        const late = role("late");
        proofs.push(late.sign(late.data.answer(lateMissed.challengeId, lateMissed.indices)));
        lateAnswered = true;
      }
      if (proofs.length > 0) await gateway.submitProofs(proofs);
    }

    /** Keeps the nodes working until `done` holds (checked through chain queries). */
    const driveUntil = (done: () => Promise<boolean>, what: string) =>
      waitFor(async () => {
        await step();
        return (await done()) ? true : undefined;
      }, what, 60_000);

    const cheats = nodes.filter((n) => n.role !== "honest");
    const honest = role("honest");
    // Until the honest node has proven at least one full period and every cheat is deactivated by its fault run.
    await driveUntil(async () => {
      if (BigInt((await nodeStats(honest.id)).unitsEarned) === 0n || !lateAnswered) return false;
      for (const n of cheats) if ((await reader.depin.registry.device(n.id))?.status !== DeviceStatus.DEVICE_STATUS_INACTIVE) return false;
      return true;
    }, "honest units and every cheat deactivated");
    // The honest node keeps answering until the epoch holding its units has closed.
    const { endHeight } = await reader.depin.rewards.currentEpoch();
    await driveUntil(async () => BigInt(await reader.getHeight()) > endHeight, `epoch close at height ${endHeight}`);

    // ---- what the chain says -----------------------------------------------------------------
    expect(issued.filter((c) => c.device === honest.id).length).toBeGreaterThanOrEqual(2);
    const honestStats = await nodeStats(honest.id);
    expect(honestStats).toMatchObject({ totalFaults: 0, consecutiveFaults: 0, deactivated: false, lastFault: null });
    expect(BigInt(honestStats.unitsEarned)).toBeGreaterThan(0n);
    expect(BigInt(honestStats.unitsEarned)).toBe(BigInt(honestStats.periodsProven) * BigInt(CHUNKS)); // chunkCount x periods proven
    const honestOutcomes = await outcomes(honest.id);
    expect(honestOutcomes.every((o) => o.accepted)).toBe(true);
    expect(honestOutcomes.some((o) => BigInt(o.units) > 0n)).toBe(true);
    expect((await reader.depin.proofs.lastProof(honest.id)).rejectedCount).toBe(0n);
    expect((await reader.depin.registry.device(honest.id))?.status).toBe(DeviceStatus.DEVICE_STATUS_ACTIVE);
    expect(await pending(honest.id)).toBeGreaterThan(0n);

    const expected: Record<Exclude<Role, "honest">, { proof: string[]; hook: string[]; lastFault: string }> = {
      lost: { proof: ["WRONG_PATH"], hook: [], lastFault: "WRONG_PATH" },
      wrong: { proof: ["WRONG_PATH"], hook: [], lastFault: "WRONG_PATH" },
      late: { proof: ["LATE_ANSWER"], hook: ["DEADLINE_MISSED"], lastFault: "DEADLINE_MISSED" },
      replay: { proof: ["SEQUENCE_NOT_INCREASING", "CHALLENGE_CLOSED", "INDEX_MISMATCH"], hook: [], lastFault: "INDEX_MISMATCH" },
    };
    for (const n of cheats) {
      const want = expected[n.role as Exclude<Role, "honest">];
      const history = await outcomes(n.id);
      const rejected = (origin: OutcomeOrigin) => history.filter((o) => !o.accepted && o.origin === origin).map((o) => o.reason);
      expect(rejected(OutcomeOrigin.OUTCOME_ORIGIN_PROOF)).toEqual(expect.arrayContaining(want.proof));
      expect(rejected(OutcomeOrigin.OUTCOME_ORIGIN_HOOK)).toEqual(expect.arrayContaining(want.hook));
      // A missed deadline is a hook verdict pointing at its challenge.
      for (const o of history.filter((x) => x.reason === "DEADLINE_MISSED")) expect(o.ref).toMatch(/^challenge\/\d+$/);
      const stats = await nodeStats(n.id);
      expect(stats).toMatchObject({ deactivated: true, consecutiveFaults: PARAMS.maxConsecutiveFaults, lastFault: { reason: want.lastFault } });
      expect(stats.totalFaults).toBeGreaterThanOrEqual(PARAMS.maxConsecutiveFaults);
      expect((await reader.depin.proofs.lastProof(n.id)).rejectedCount).toBeGreaterThanOrEqual(BigInt(want.proof.length + want.hook.length));
      expect((await reader.depin.registry.device(n.id))?.status).toBe(DeviceStatus.DEVICE_STATUS_INACTIVE);
      expect(deactivatedEvents.get(n.id)).toBe("TOO_MANY_FAULTS");
      if (n.role !== "replay") {
        expect(stats.unitsEarned).toBe("0");
        expect(history.some((o) => o.accepted)).toBe(false);
        expect(await pending(n.id)).toBe(0n);
      }
    }

    // The replayer's only accepted proof is its one genuine answer; it came before a full period
    // had accrued (first round after registration) unless the draw skipped it, and then it earns nothing.
    const replay = role("replay");
    expect((await reader.depin.proofs.lastProof(replay.id)).acceptedCount).toBe(1n);
    const genuine = (await outcomes(replay.id)).filter((o) => o.accepted);
    expect(genuine).toHaveLength(1);
    if (genuine[0].units === "0") expect(await pending(replay.id)).toBe(0n);
    expect((await nodeStats(replay.id)).unitsEarned).toBe(genuine[0].units);

    // A deactivated node's answers are refused by the proofs module before the plugin runs.
    const wrong = role("wrong");
    const { response } = await gateway.submitProofs([wrong.sign(wrong.data.answer(0, [0, 1]))]);
    expect(response.outcomes.map((o) => [o.accepted, o.reason])).toEqual([[false, "DEVICE_INACTIVE"]]);
  });
});
