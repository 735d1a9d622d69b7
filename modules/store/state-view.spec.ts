import { openLatestStateFile } from "./sqlite-backend";
import { StateOverlay } from "./state-overlay";
import { SqliteStateView } from "./state-view";
import { hexKeys } from "./test-util";

const b = (...xs: number[]) => Buffer.from(xs);
const change = (key: Buffer, value: Buffer | undefined) => [key, value, key.toString("latin1")] as const;

describe("SqliteStateView over a StateOverlay", () => {
  function setup() {
    const db = openLatestStateFile(":memory:");
    const put = db.prepare("INSERT OR REPLACE INTO state (k, v) VALUES (?, ?)");
    for (const k of [1, 3, 5, 7]) put.run(b(k), b(k * 10));
    const overlay = new StateOverlay();
    const view = new SqliteStateView(db, overlay);
    return { db, put, overlay, view };
  }

  it("reads pending changes over the table: updates, inserts and deletes, in both directions and in ranges", () => {
    const { db, overlay, view } = setup();
    // Height 1: update 3, insert 4 and 8, delete 5 and an absent key 6.
    overlay.add(1, [change(b(3), b(33)), change(b(4), b(44)), change(b(5), undefined), change(b(6), undefined), change(b(8), b(88))]);
    expect(hexKeys(view.iterate())).toEqual(["01=0a", "03=21", "04=2c", "07=46", "08=58"]);
    expect(hexKeys(view.iterate({ reverse: true }))).toEqual(["08=58", "07=46", "04=2c", "03=21", "01=0a"]);
    expect(hexKeys(view.iterate({ start: b(3), end: b(7) }))).toEqual(["03=21", "04=2c"]);
    expect(hexKeys(view.iterate({ start: b(4), reverse: true }))).toEqual(["08=58", "07=46", "04=2c"]);
    expect(view.get(b(3))).toEqual(b(33));
    expect(view.get(b(5))).toBeUndefined();
    expect(view.get(b(7))).toEqual(b(70));
    expect(view.knownPresent(b(4).toString("latin1"))).toBe(true);
    expect(view.knownPresent(b(5).toString("latin1"))).toBe(false);
    // Breaking out early releases the table's statement (the connection can write again).
    for (const _entry of view.iterate()) break;
    db.prepare("DELETE FROM state WHERE k = ?").run(b(1));
    db.close();
  });

  it("drops an entry once the height that last wrote its key is applied, not before", () => {
    const { put, overlay, view } = setup();
    overlay.add(1, [change(b(3), b(31)), change(b(9), b(91))]);
    overlay.add(2, [change(b(3), b(32))]);
    // The table catches up with height 1 (as the writer thread does), then height 1 is released.
    put.run(b(3), b(31));
    put.run(b(9), b(91));
    overlay.release(1);
    expect(overlay.size).toBe(1);
    expect(overlay.get(b(3).toString("latin1"))).toEqual(b(32));
    expect(hexKeys(view.iterate({ start: b(3) }))).toEqual(["03=20", "05=32", "07=46", "09=5b"]);
    put.run(b(3), b(32));
    overlay.release(2);
    expect(overlay.size).toBe(0);
    expect(view.get(b(3))).toEqual(b(32));
    expect(hexKeys(view.iterate({ start: b(3), end: b(4) }))).toEqual(["03=20"]);
  });
});
