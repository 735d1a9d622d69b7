import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Proof } from "../../generated/depin/proofs/v1/types";
import { ProofQueue } from "./queue";

function proof(device: string, sequence: number, payloadByte = 1): Proof {
  return Proof.fromPartial({ deviceId: device, sequence: BigInt(sequence), timestampMs: 1n, payload: new Uint8Array([payloadByte]), signature: new Uint8Array(64) });
}

describe("ProofQueue pending count (the door's backpressure measure)", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "fieldnet-queue-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The count kept in memory against what the table says. */
  function expectPending(queue: ProofQueue, expected: number): void {
    const counts = queue.counts();
    expect([queue.pendingCount(), counts.queued + counts.inflight]).toEqual([expected, expected]);
  }

  it("follows every transition and is read back from the database on reopen", () => {
    const path = join(dir, "queue.db");
    let queue = new ProofQueue(path);
    expect(queue.enqueue([proof("a", 1), proof("a", 2), proof("b", 1), proof("c", 1)])).toEqual(["queued", "queued", "queued", "queued"]);
    // A repeat and a conflicting proof add nothing.
    expect(queue.enqueue([proof("a", 1), proof("b", 1, 9), proof("d", 1)])).toEqual(["duplicate", "conflict", "queued"]);
    expectPending(queue, 5);

    const ids = queue.peekQueued(10).map((p) => p.id);
    const [first, second] = queue.createBatches([
      { proofIds: ids.slice(0, 2), txHash: "T1", accountSequence: 1 },
      { proofIds: ids.slice(2, 4), txHash: "T2", accountSequence: 2 },
    ]);
    expectPending(queue, 5); // queued -> inflight: still waiting for the chain
    queue.abandonBatch(second);
    expectPending(queue, 5);

    queue.resolve(
      [
        { id: ids[0], accepted: true, reason: "", detail: "", units: "7", height: 3, txHash: "T1" },
        { id: ids[1], accepted: false, reason: "SEQUENCE_NOT_INCREASING", detail: "", units: "0", height: 3, txHash: "T1" },
      ],
      first,
    );
    expectPending(queue, 3);
    // An outcome for a proof that is already final changes nothing (neither its record nor the count).
    queue.resolve([{ id: ids[0], accepted: false, reason: "LATE", detail: "", units: "0", height: 4, txHash: "T9" }]);
    expectPending(queue, 3);
    expect(queue.record("a", 1n)?.status).toBe("accepted");

    queue.fail([ids[2], ids[0]], "MALFORMED", "refused by the chain");
    expectPending(queue, 2);
    expect(queue.record("a", 1n)?.status).toBe("accepted");

    queue.close();
    queue = new ProofQueue(path);
    expectPending(queue, 2);
    queue.close();
  });
});
