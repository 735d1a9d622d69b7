/*
 * The devnet's tx indexer, on its own thread (CometBFT's IndexerService): reads each saved block
 * and its FinalizeBlock results from the block store (read-only connection) and writes the tx
 * table and the event-attribute index into the index file, one transaction per height together
 * with the indexed height. Block production never waits for it; after a crash it resumes from the
 * indexed height, so the index can lag the block store but never miss or repeat a height.
 *
 * Plain CommonJS (no TypeScript loader in worker threads, under tsx or jest alike). Messages in:
 * { height } = a block up to this height is saved; { close: true } = finish and exit.
 * Messages out: { indexed: height } after each height; { closed: true }; { failed: message }.
 */
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const Database = require("better-sqlite3");
const { blockTxs, splitFinalizeBlockResults, txResultEvents } = require("./result-events.cjs");
const { BatchedInsert } = require("../../modules/store/batched-insert.cjs");

const blocks = new Database(workerData.blockStorePath, { readonly: true, fileMustExist: true });
const index = new Database(workerData.indexPath);
index.pragma("journal_mode = WAL");
// The index is derived data: a power cut can lose its last transactions, and the indexed height
// with them (same transaction), so the next start re-indexes those heights.
index.pragma("synchronous = NORMAL");
// Random B-tree inserts (signatures and acc_seq values are unique): keep the index pages cached.
index.pragma("cache_size = -65536");

const readBlock = blocks.prepare("SELECT block FROM blocks WHERE height = ?").pluck();
const readResults = blocks.prepare("SELECT results FROM results WHERE height = ?").pluck();
// The chain's first block (its genesis initial_height), where an empty index starts.
const readFirstHeight = blocks.prepare("SELECT MIN(height) FROM blocks").pluck();
const insertTx = index.prepare("INSERT INTO txs (height, idx, hash, tx, result) VALUES (?, ?, ?, ?, ?)");
// A block's attribute rows go in sorted by (key, value), 32 to a statement: a MsgSend writes ~28
// rows, and rows arriving in tx order land on random pages of the B-tree, one driver call each.
// Sorted, neighbouring rows share pages. A 1,200-tx block: ~140 -> ~100 µs of this thread's CPU per
// tx (bench/README.md, twenty-second stop).
const insertTxEvents = new BatchedInsert(index, "INSERT INTO tx_events (ckey, value, height, idx, seq, n)", 6, 32);
const insertBlockEvent = index.prepare("INSERT INTO block_events (height, seq, ckey, value) VALUES (?, ?, ?, ?)");
const readIndexed = index.prepare("SELECT value FROM index_meta WHERE key = 'indexed_height'").pluck();
const writeIndexed = index.prepare("INSERT INTO index_meta (key, value) VALUES ('indexed_height', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");

let indexed = Number(readIndexed.get() ?? 0);
let target = 0;
let closing = false;

/** Every attribute is indexed, whatever its `index` flag: the SDK marks them all indexable anyway. */
function eachAttribute(events, visit) {
  events.forEach((event, seq) => {
    event.attributes.forEach((attr, n) => {
      if (attr.key !== "") visit(seq, `${event.type}.${attr.key}`, attr.value, n);
    });
  });
}

function byKeyThenValue(a, b) {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Rows are [ckey, value, height, idx, seq, n]; the order only affects speed, not the index. */
function insertAttributeRows(rows) {
  insertTxEvents.insert(rows.sort(byKeyThenValue));
}

const indexHeight = index.transaction((height, blockBytes, resultsBytes) => {
  const txs = blockTxs(blockBytes);
  const { events, txResults } = splitFinalizeBlockResults(resultsBytes);
  if (txResults.length !== txs.length) throw new Error(`height ${height}: ${txs.length} txs but ${txResults.length} results`);
  const attributeRows = [];
  txs.forEach((tx, idx) => {
    const resultBytes = txResults[idx];
    insertTx.run(height, idx, createHash("sha256").update(tx).digest(), tx, resultBytes);
    eachAttribute(txResultEvents(resultBytes), (seq, ckey, value, n) => attributeRows.push([ckey, value, height, idx, seq, n]));
  });
  insertAttributeRows(attributeRows);
  eachAttribute(events, (seq, ckey, value) => insertBlockEvent.run(height, seq, ckey, value));
  writeIndexed.run(String(height));
});

let scheduled = false;

/** Indexes toward `target` a slice at a time, so a long catch-up still answers `close` promptly. */
function catchUp() {
  scheduled = false;
  if (closing) return;
  const deadline = Date.now() + 50;
  while (indexed < target && Date.now() < deadline) {
    const height = indexed === 0 ? (readFirstHeight.get() ?? 1) : indexed + 1;
    const blockBytes = readBlock.get(height);
    const resultsBytes = readResults.get(height);
    // Not visible yet: try again on the next notification.
    if (!blockBytes || !resultsBytes) return;
    try {
      indexHeight(height, blockBytes, resultsBytes);
    } catch (error) {
      target = indexed; // stop until the next notification
      parentPort.postMessage({ failed: `height ${height}: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    indexed = height;
    parentPort.postMessage({ indexed });
  }
  if (indexed < target && !scheduled) {
    scheduled = true;
    setImmediate(catchUp);
  }
}

function close() {
  blocks.close();
  index.close();
  parentPort.postMessage({ closed: true });
  parentPort.close();
}

parentPort.on("message", (message) => {
  if (closing) return;
  if (message.close) {
    closing = true;
    close();
    return;
  }
  target = Math.max(target, message.height);
  if (!scheduled) catchUp();
});

parentPort.postMessage({ indexed });
