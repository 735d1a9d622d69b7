/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: {
    "^.+\\.(t|j|mj)s$": [
      "@swc/jest",
      { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } },
    ],
  },
  // cosmjs 0.39 depends on ESM-only packages (@noble/*, @scure/*); let swc compile those to CJS.
  transformIgnorePatterns: ["/node_modules/(?!(.*/node_modules/)?(@noble|@scure)/)"],
  testMatch: ["**/*.spec.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/.data/"],
  testTimeout: 60000,
};
