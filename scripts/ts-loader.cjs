/*
 * How the chain's processes (devnet/node-flags.ts), the `fieldnet` CLI and the indexer load TypeScript
 * (`node --require ./scripts/ts-loader.cjs`, from the repository root): tsx's CommonJS hook, except
 * that dependencies written as CommonJS are loaded by Node's own loader, as they would be without tsx.
 *
 * Why: tsx's hook reads every `.js` file before Node does and scans it with es-module-lexer to tell
 * an ES module from CommonJS, and the source maps it turns on for our TypeScript make Node read and
 * parse the maps that dependencies ship too. Over 80 of the ~330 files the chain loads before its
 * first block are dependencies' CommonJS; sending them past tsx made `npm run devnet` reach its
 * first block ~300 ms sooner (median 1.59 → 1.30 s; devnet/README.md, "Start-up time").
 *
 * Which files go to Node: under node_modules, `.cjs`, or `.js` whose nearest package.json does not
 * say "type": "module" (Node's own rule for `.js`). ES-module-only packages (@noble/*, @scure/bip39
 * 2.x) still go through tsx, which turns them into CommonJS. Plain CommonJS, since no TypeScript
 * loader exists yet when this file runs.
 */
const Module = require("node:module");
const { readFileSync } = require("node:fs");
const { dirname, join, sep } = require("node:path");

const NODE_MODULES = `${sep}node_modules${sep}`;

const loadWithNode = Module._extensions[".js"];
require("tsx/cjs");
const loadWithTsx = Module._extensions[".js"];

const packageTypeByDir = new Map();

/** The "type" of the nearest package.json above `dir` ("commonjs" when none says otherwise). */
function packageType(dir) {
  let type = packageTypeByDir.get(dir);
  if (type !== undefined) return type;
  let text;
  try {
    text = readFileSync(join(dir, "package.json"), "utf8");
  } catch {
    text = undefined; // no package.json here: the enclosing directory's decides
  }
  if (text === undefined) {
    const parent = dirname(dir);
    type = parent === dir ? "commonjs" : packageType(parent);
  } else {
    try {
      type = JSON.parse(text).type === "module" ? "module" : "commonjs";
    } catch {
      type = "unknown"; // let tsx decide, as it would have
    }
  }
  packageTypeByDir.set(dir, type);
  return type;
}

function isDependencyCommonJs(filename) {
  if (!filename.includes(NODE_MODULES) || filename.includes("?")) return false;
  return filename.endsWith(".cjs") || (filename.endsWith(".js") && packageType(dirname(filename)) === "commonjs");
}

Module._extensions[".js"] = function loadJs(module, filename) {
  if (!isDependencyCommonJs(filename)) return loadWithTsx.call(this, module, filename);
  // Source maps stay on for our TypeScript (stack traces point at .ts lines), off for dependencies.
  const sourceMaps = process.sourceMapsEnabled ?? true;
  process.setSourceMapsEnabled(false);
  try {
    return loadWithNode.call(this, module, filename);
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
  }
};
