/** Production build of the explorer into explorer/dist (served by the indexer; no dev server needed). */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  logLevel: "warn",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 2048, reportCompressedSize: false },
  // `npx vite --config explorer/vite.config.mts` (development only) proxies the API to a local indexer.
  server: { proxy: { "/depin.indexer.v1.IndexerService": "http://127.0.0.1:8080" } },
});
