/**
 * The persistent, versioned, Merkle-committed store (see README.md for the construction).
 *
 * Per block: `branch()` -> execute -> `stage(h, branch.changes())` (computes the app hash,
 * persists nothing) -> `commit()` (one SQLite transaction: new trie nodes, flat-table
 * changes, the (height, root) row, stale-node list, optional pruning).
 */
import { CacheKVStore } from "./branch-store";
import { asBuffer, bytesToKeyString, copyBytes } from "./bytes";
import { type ChildRef, EMPTY_ROOT, type LeafNode, makeLeaf, sha256, sha256Latin1 } from "./merkle-node";
import { type MerkleProof, proveKey } from "./merkle-proof";
import { type PendingNode, type TrieChange, TrieUpdater, trieGet, trieLeaves } from "./merkle-tree";
import { InlineLatestState, type LatestState, type LatestStateLayout, ThreadLatestState } from "./latest-state";
import {
  CachedNodeReader,
  type Db,
  FIRST_HEIGHT_META,
  type SqliteOptions,
  Statements,
  getMeta,
  openDatabase,
  packKeys,
  setMeta,
  unpackKeys,
} from "./sqlite-backend";
import type { SqliteStateView } from "./state-view";
import type { BranchStore, CommitInfo, CommitStore, ReadonlyKVStore } from "./types";

export type StoreChange = readonly [Uint8Array, Uint8Array | undefined];

export interface CommitStoreOptions extends SqliteOptions {
  /** Bits per trie level: 4 = 16-ary (default), 2 = 4-ary, 1 = binary. Fixed at creation. */
  readonly radixBits?: 1 | 2 | 4;
  /** Max internal trie nodes kept decoded in memory (default 200,000 ~ enough for 2M keys). */
  readonly nodeCacheSize?: number;
  /**
   * Keep only the last `keepRecent` heights queryable by getAt (older trie nodes are deleted
   * at commit, O(nodes replaced)). Default: keep every version.
   */
  readonly keepRecent?: number;
  /**
   * Where the latest state's table lives (see latest-state.ts), fixed at creation: `thread` (default
   * for a file: `<path>-latest`, written by its own thread) or `inline` (default for ":memory:").
   */
  readonly latestState?: LatestStateLayout;
}

interface Staged {
  readonly height: number;
  readonly root: ChildRef | null;
  readonly appHash: Buffer;
  readonly writes: Map<string, PendingNode>;
  readonly stale: Buffer[];
  /** Flat-table changes sorted by key. */
  readonly flat: Array<readonly [Buffer, Buffer | undefined, string]>;
}

const FORMAT = "fieldnet-smt-v1";

export class SqliteCommitStore implements CommitStore {
  private readonly db: Db;
  private readonly stmts: Statements;
  private readonly reader: CachedNodeReader;
  private readonly bits: number;
  private readonly keepRecent: number | undefined;
  private readonly latestState: LatestState;
  private readonly view: SqliteStateView;
  private root: ChildRef | null;
  private info: CommitInfo;
  private staged: Staged | undefined;
  private closed = false;

  constructor(path: string, options: CommitStoreOptions = {}) {
    this.db = openDatabase(path, options);
    this.stmts = new Statements(this.db);
    const storedBits = getMeta(this.db, "radixBits");
    const format = getMeta(this.db, "format");
    if (format !== undefined && format !== FORMAT) throw new Error(`commit store: unknown format ${format}`);
    if (storedBits !== undefined && options.radixBits !== undefined && Number(storedBits) !== options.radixBits) {
      throw new Error(`commit store: created with radixBits=${storedBits}, opened with ${options.radixBits}`);
    }
    this.bits = storedBits !== undefined ? Number(storedBits) : (options.radixBits ?? 4);
    if (![1, 2, 4].includes(this.bits)) throw new Error(`commit store: radixBits must be 1, 2 or 4`);
    if (storedBits === undefined) {
      this.db.transaction(() => {
        setMeta(this.db, "format", FORMAT);
        setMeta(this.db, "radixBits", String(this.bits));
        const layout = options.latestState ?? (path === ":memory:" ? "inline" : "thread");
        if (layout === "thread" && path === ":memory:") throw new Error('commit store: latestState "thread" needs a file path');
        setMeta(this.db, "latestState", layout);
      })();
    }
    // Stores created before the layout existed kept their table inline.
    const layout = (getMeta(this.db, "latestState") ?? "inline") as LatestStateLayout;
    if (options.latestState !== undefined && options.latestState !== layout) {
      throw new Error(`commit store: created with latestState=${layout}, opened with ${options.latestState}`);
    }
    if (options.keepRecent !== undefined && !(Number.isInteger(options.keepRecent) && options.keepRecent >= 1)) {
      throw new Error("commit store: keepRecent must be a positive integer");
    }
    this.keepRecent = options.keepRecent;
    this.reader = new CachedNodeReader(this.stmts, options.nodeCacheSize ?? 200_000);
    const last = this.stmts.lastRootRow();
    this.root = last?.root ?? null;
    this.info = last ? { height: last.height, appHash: last.hash } : { height: 0, appHash: EMPTY_ROOT };
    try {
      this.latestState =
        layout === "thread"
          ? new ThreadLatestState(this.stmts, {
              ...options,
              storePath: path,
              lastHeight: this.info.height,
              firstHeight: () => Number(getMeta(this.db, FIRST_HEIGHT_META) ?? 1),
              liveEntries: () => mapIterable(trieLeaves(this.reader, this.bits, this.root), (leaf) => [leaf.key, leaf.value] as const),
            })
          : new InlineLatestState(this.db, this.stmts);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.view = this.latestState.view;
  }

  get lastCommit(): CommitInfo {
    return this.info;
  }

  get latest(): ReadonlyKVStore {
    return this.view;
  }

  get radixBits(): number {
    return this.bits;
  }

  branch(): BranchStore {
    return new CacheKVStore(this.view);
  }

  stage(height: number, changes: ReadonlyArray<StoreChange>): Uint8Array {
    this.assertOpen();
    // The first commit may be at any height: a chain whose genesis sets initial_height starts there.
    const first = this.info.height === 0;
    if (first ? !Number.isSafeInteger(height) || height < 1 : height !== this.info.height + 1) {
      throw new Error(`commit store: stage(${height}) but last commit is ${this.info.height}`);
    }
    this.staged = undefined;
    // Sort on latin1 strings: JS string order = unsigned byte order, and far cheaper than
    // Buffer.compare through the native boundary.
    const flat: Array<readonly [Buffer, Buffer | undefined, string]> = [];
    const trie: Array<TrieChange & { readonly khs: string }> = [];
    const seen = new Set<string>();
    for (const [k, v] of changes) {
      if (!(k instanceof Uint8Array) || (v !== undefined && !(v instanceof Uint8Array))) {
        throw new TypeError("commit store: changes must be [Uint8Array, Uint8Array | undefined]");
      }
      const ks = bytesToKeyString(k);
      // Duplicates would make the result depend on change order: refuse them.
      if (seen.has(ks)) throw new Error(`commit store: duplicate key ${asBuffer(k).toString("hex")} in changes`);
      seen.add(ks);
      const key = copyBytes(k) as Buffer;
      const value = v === undefined ? undefined : (copyBytes(v) as Buffer);
      flat.push([key, value, ks]);
      const khs = sha256Latin1(key);
      trie.push({ keyHash: Buffer.from(khs, "latin1"), key, value, khs, exists: this.view.knownPresent(ks) });
    }
    flat.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    trie.sort((a, b) => (a.khs < b.khs ? -1 : a.khs > b.khs ? 1 : 0));
    const updater = new TrieUpdater(this.reader, this.bits, height);
    const root = updater.apply(this.root, trie);
    const appHash = root === null ? EMPTY_ROOT : root.hash;
    this.staged = { height, root, appHash, writes: updater.writes, stale: updater.stale, flat };
    return appHash;
  }

  commit(): CommitInfo {
    this.assertOpen();
    const st = this.staged;
    if (st === undefined) throw new Error("commit store: commit() without stage()");
    const s = this.stmts;
    // Map keys are latin1 node keys: sorting them sorts by (version, path) byte order, so the
    // inserts append to the end of the nodes B-tree.
    const nodeKeys = Array.from(st.writes.keys()).sort();
    const nodes = nodeKeys.map((k) => st.writes.get(k) as PendingNode);
    const first = this.info.height === 0;
    this.db.transaction(() => {
      // Where the store's history starts (a chain's initial_height): the latest-state thread
      // replays the change log from there.
      if (first) setMeta(this.db, FIRST_HEIGHT_META, String(st.height));
      s.putNodes.write(nodes.length, (i) => nodes[i].key, (i) => nodes[i].node.encoded);
      this.latestState.writeInCommit(st.height, st.flat);
      const r = st.root;
      s.putRoot.run(st.height, r === null ? null : r.version, r !== null && r.leaf ? 1 : 0, st.appHash);
      if (st.stale.length > 0) s.putStale.run(st.height, packKeys(st.stale));
      if (this.keepRecent !== undefined) this.prune(st.height - this.keepRecent + 1);
    })();
    this.reader.forget(st.stale);
    for (let i = 0; i < nodes.length; i++) this.reader.remember(nodeKeys[i], nodes[i].node);
    this.root = st.root;
    this.info = { height: st.height, appHash: st.appHash };
    this.staged = undefined;
    this.latestState.committed(st.height, st.flat);
    return this.info;
  }

  /**
   * Delete everything only heights < `oldestKept` need: a node replaced at version v is used
   * by heights < v only, so it goes once v <= oldestKept.
   */
  private prune(oldestKept: number): void {
    if (oldestKept <= 1) return;
    for (const blob of this.stmts.staleUpTo.all(oldestKept) as Buffer[]) {
      for (const k of unpackKeys(blob)) this.stmts.delNode.run(k);
    }
    this.stmts.delStaleUpTo.run(oldestKept);
    this.stmts.delRootsBelow.run(oldestKept);
  }

  get oldestHeight(): number {
    this.assertOpen();
    return this.info.height === 0 ? 0 : Number(this.stmts.firstRootHeight.get() ?? this.info.height);
  }

  getAt(height: number, key: Uint8Array): Uint8Array | undefined {
    this.assertOpen();
    if (!Number.isInteger(height) || height < 0) throw new RangeError(`getAt: invalid height ${height}`);
    if (height > this.info.height) throw new RangeError(`getAt(${height}): last commit is ${this.info.height}`);
    if (height === 0) return undefined;
    if (height === this.info.height) return this.view.get(key);
    const row = this.stmts.root(height);
    if (row === undefined) return undefined; // pruned
    return trieGet(this.reader, this.bits, row.root, key);
  }

  /** Root ref of a committed height (undefined if pruned / not committed). */
  private rootAt(height: number): ChildRef | null | undefined {
    if (height === this.info.height) return this.root;
    if (height === 0) return null;
    return this.stmts.root(height)?.root;
  }

  /** Inclusion/exclusion proof of `key` against the app hash of `height` (default: latest). */
  prove(key: Uint8Array, height = this.info.height): MerkleProof {
    this.assertOpen();
    const root = this.rootAt(height);
    if (root === undefined) throw new RangeError(`prove: height ${height} not available`);
    return proveKey(this.reader, this.bits, root, key);
  }

  /**
   * Debug/test only, O(state): rebuild the root from the flat table, ignoring stored nodes.
   */
  recomputeRoot(): Uint8Array {
    const leaves: LeafNode[] = [];
    for (const [k, v] of this.view.iterate()) leaves.push(makeLeaf(sha256(k), k, v));
    const order = leaves.map((l, i) => [l.keyHash.toString("latin1"), i] as const);
    order.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const sorted = order.map(([, i]) => leaves[i]);
    const root = new TrieUpdater(this.reader, this.bits, 0, false).buildFromLeaves(sorted);
    return root === null ? EMPTY_ROOT : root.hash;
  }

  /** Debug/test only, O(state): whether the flat table, the stored trie and lastCommit agree. */
  verify(): boolean {
    return this.problems().length === 0;
  }

  /** Debug/test only, O(state): descriptions of inconsistencies (empty when consistent). */
  problems(): string[] {
    const out: string[] = [];
    const want = asBuffer(this.info.appHash);
    const recomputed = asBuffer(this.recomputeRoot());
    if (!recomputed.equals(want)) out.push(`flat table root ${recomputed.toString("hex")} != app hash ${want.toString("hex")}`);
    const storedRoot = this.root === null ? EMPTY_ROOT : this.root.hash;
    if (!storedRoot.equals(want)) out.push(`trie root ${storedRoot.toString("hex")} != app hash`);
    // Every flat entry must be reachable through the stored trie.
    for (const [k, v] of this.view.iterate()) {
      const t = trieGet(this.reader, this.bits, this.root, k);
      if (t === undefined || !asBuffer(t).equals(asBuffer(v))) {
        out.push(`key ${asBuffer(k).toString("hex")}: trie ${t === undefined ? "missing" : "differs"}`);
        if (out.length > 10) break;
      }
    }
    return out;
  }

  /** Returns once the latest state's table holds every committed height (benchmarks, tests). */
  settle(): void {
    this.assertOpen();
    this.latestState.settle();
  }

  /** The latest-state thread's time to apply its last height, µs; undefined for the inline layout. */
  get latestStateApplyMicros(): number | undefined {
    return this.latestState instanceof ThreadLatestState ? this.latestState.lastApplyMicros : undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.staged = undefined;
    try {
      this.latestState.close();
    } finally {
      this.db.close();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("commit store: closed");
  }
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): IterableIterator<U> {
  for (const item of items) yield map(item);
}

/** Open (or create) a commit store at `path`; ":memory:" for an in-memory store (tests). */
export function openCommitStore(path: string, options?: CommitStoreOptions): SqliteCommitStore {
  return new SqliteCommitStore(path, options);
}
