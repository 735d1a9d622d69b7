/*
 * Run by `npm install` / `npm ci` (the package's `prepare` script). Loads, through the loader the
 * chain's processes use (scripts/ts-loader.cjs), the TypeScript that `npm run devnet` and the
 * `fieldnet` CLI load, without starting anything: tsx keeps each file's compiled output in its cache
 * (os.tmpdir()/tsx-<uid>), so the first `npm run devnet` on a fresh clone no longer pays to compile
 * ~250 files before its first block (devnet/README.md, "Start-up time").
 *
 * A failure here only costs that speed, so it warns and never fails the install.
 */
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
// Entry points whose `require.main === module` guard keeps them from running when required, and the
// modules the devnet CLI requires lazily (the network config, a new home's genesis, the in-process
// indexer, CometBFT mode).
const ENTRIES = [
  "devnet/cli.ts",
  "modules/app/genesis.ts",
  "devnet/devnet.ts",
  "devnet/cometbft/cli.ts",
  "devnet/cometbft/app-process.ts",
  "fieldnet.config.ts",
  "indexer/indexer.ts",
  "explorer/build.ts",
  "chain-client/cli/main.ts",
];

const started = performance.now();
try {
  require("./ts-loader.cjs");
  for (const entry of ENTRIES) require(join(ROOT, entry));
  console.log(`fieldnet: TypeScript compiled into tsx's cache in ${Math.round(performance.now() - started)} ms (first devnet start no longer pays it)`);
} catch (error) {
  console.warn(`fieldnet: warming tsx's compile cache failed (${error instanceof Error ? error.message : String(error)}); the first start will be slower, nothing else changes`);
}
// tsx writes its cache files without waiting for them, and pending writes keep the process alive:
// it ends once they are done. The timer covers a module that holds a handle open after loading.
setTimeout(() => process.exit(0), 5000).unref();
