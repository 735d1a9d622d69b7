/**
 * Node flags of every process that runs the chain (the embedded devnet, the app behind CometBFT,
 * its Docker image). `node-flags.spec.ts` checks that package.json's `devnet` script and the app
 * image's ENTRYPOINT carry the same flags (and loader), since neither can import this file.
 *
 * --max-semi-space-size=64 (MiB; Node 20's default ceiling is 16): a block's txs allocate short-lived
 * objects faster than the default young generation turns over, so every scavenge also copied
 * objects still in use by the block. With 64 the devnet ran about a third as many scavenges and
 * spent ~40% less time in them under the MsgSend benchmark (minor GC 664–729 → 374–453 ms per 6,000
 * txs, three runs each; bench/README.md). 128 gave fewer scavenges but longer full collections.
 */
export const CHAIN_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];

/**
 * How those processes load TypeScript: scripts/ts-loader.cjs, which is tsx's CommonJS hook with the
 * dependencies' CommonJS files left to Node's own loader (the code base is CommonJS). The path is
 * relative: the processes start in the repository root (npm scripts, the test spawner, the CometBFT
 * app process, the image's WORKDIR).
 * `--import tsx` also registers tsx's ES-module hooks, which start a loader thread and route every
 * `require` through it: ~150 ms more to the first block of `npm run devnet` (eight alternating starts
 * each, median 1,263 vs 1,106 ms; devnet/README.md). A network config written as an ES module
 * (`.mts`) needs `--import tsx` instead.
 */
export const CHAIN_TS_LOADER: readonly string[] = ["--require", "./scripts/ts-loader.cjs"];
