/*
 * The commit store's latest-state writer, on its own thread (as the Cosmos SDK's store v2 writes
 * its state storage beside the commitment): for each committed height it reads the height's
 * changes from the store's change log (read-only connection) and applies them to the `state`
 * table of the latest-state file, in one transaction with `applied_height`. A crash between the
 * commit and this write loses nothing: the next open replays the change log from applied_height.
 *
 * Plain CommonJS (no TypeScript loader in worker threads, under tsx or jest alike). The main
 * thread waits on the shared status words below with Atomics.wait (its reads must not run ahead
 * of what it knows is applied), so progress and failure go there, not through messages.
 * Messages in: { height } = heights up to this one are committed; { close: true }.
 * Change encoding per change: u32 BE key length, key, u32 BE (value length + 1, 0 = delete), value.
 */
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const { BatchedInsert } = require("./batched-insert.cjs");

const APPLIED = 0;
const FAILED = 1;
const APPLY_MICROS = 2;
const PHASE = 3; // 0 starting, 1 running, 2 closed
const ERROR_LENGTH = 4;
const status = new BigInt64Array(workerData.status, 0, 5);
const errorText = new Uint8Array(workerData.status, 40);

let applied = 0;
let target = workerData.lastHeight;
let log;
let state;
let readChanges;
let readFirstHeight;
let applyHeight;

function fail(error) {
  const text = Buffer.from(error instanceof Error ? error.message : String(error)).subarray(0, errorText.length);
  errorText.set(text);
  Atomics.store(status, ERROR_LENGTH, BigInt(text.length));
  Atomics.store(status, FAILED, 1n);
  Atomics.notify(status, APPLIED);
  Atomics.notify(status, PHASE);
}

function open() {
  log = new Database(workerData.storePath, { readonly: true, fileMustExist: true });
  state = new Database(workerData.latestPath, { fileMustExist: true });
  state.pragma("journal_mode = WAL");
  state.pragma(`synchronous = ${workerData.synchronous}`);
  state.pragma(`cache_size = ${-1024 * workerData.cacheMB}`);
  readChanges = log.prepare("SELECT changes FROM change_log WHERE height = ?").pluck();
  readFirstHeight = log.prepare("SELECT v FROM meta WHERE k = 'first_height'").pluck();
  const readApplied = state.prepare("SELECT v FROM meta WHERE k = 'applied_height'").pluck();
  const writeApplied = state.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('applied_height', ?)");
  const del = state.prepare("DELETE FROM state WHERE k = ?");
  // Rows per statement as the store's PairWriter.
  const puts = new BatchedInsert(state, "INSERT OR REPLACE INTO state (k, v)", 2, workerData.rowsPerStatement);
  /** The height's puts as [key, value] rows; its deletes run as they are read (a height changes a key once). */
  function* putsDeletingAsRead(blob) {
    const row = [undefined, undefined];
    for (let off = 0; off < blob.length; ) {
      const keyLength = blob.readUInt32BE(off);
      const key = blob.subarray(off + 4, off + 4 + keyLength);
      off += 4 + keyLength;
      const valueLength = blob.readUInt32BE(off);
      off += 4;
      if (valueLength === 0) {
        del.run(key);
        continue;
      }
      row[0] = key;
      row[1] = blob.subarray(off, off + valueLength - 1);
      off += valueLength - 1;
      yield row;
    }
  }
  applyHeight = state.transaction((height, blob) => {
    puts.insert(putsDeletingAsRead(blob));
    writeApplied.run(String(height));
  });
  applied = Number(readApplied.get() ?? 0);
  if (applied > target) throw new Error(`latest-state file is at height ${applied}, past the store's last commit ${target}`);
}

function catchUp() {
  while (applied < target) {
    // Nothing applied yet: the log starts at the store's first commit (a chain's initial height).
    const height = applied === 0 ? Number(readFirstHeight.get() ?? 1) : applied + 1;
    const blob = readChanges.get(height);
    if (blob === undefined) throw new Error(`change log has no height ${height} (latest-state file at ${applied})`);
    const started = process.hrtime.bigint();
    applyHeight(height, blob);
    Atomics.store(status, APPLY_MICROS, (process.hrtime.bigint() - started) / 1000n);
    applied = height;
    Atomics.store(status, APPLIED, BigInt(applied));
    Atomics.notify(status, APPLIED);
  }
}

function close() {
  log?.close();
  state?.close();
  Atomics.store(status, PHASE, 2n);
  Atomics.notify(status, PHASE);
  parentPort.close();
}

// The main thread may be blocked in Atomics.wait and cannot see an 'error' event: report here.
process.on("uncaughtException", fail);

try {
  open();
  Atomics.store(status, APPLIED, BigInt(applied));
  catchUp();
  Atomics.store(status, PHASE, 1n);
  Atomics.notify(status, PHASE);
} catch (error) {
  fail(error);
}

parentPort.on("message", (message) => {
  if (message.close) {
    close();
    return;
  }
  if (Atomics.load(status, FAILED) !== 0n) return;
  target = Math.max(target, message.height);
  try {
    catchUp();
  } catch (error) {
    fail(error);
  }
});
