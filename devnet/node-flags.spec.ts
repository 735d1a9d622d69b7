import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHAIN_NODE_FLAGS, CHAIN_TS_LOADER } from "./node-flags";

const REPO = join(__dirname, "..");

describe("chain node flags", () => {
  it("are in package.json's devnet script (npm run devnet)", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.devnet.split(" ")).toEqual(expect.arrayContaining([...CHAIN_NODE_FLAGS]));
    expect(pkg.scripts.devnet).toContain(CHAIN_TS_LOADER.join(" "));
  });

  it("are in the app image's ENTRYPOINT (docker compose devnet)", () => {
    const dockerfile = readFileSync(join(REPO, "devnet", "docker", "app.Dockerfile"), "utf8");
    const entrypoint = dockerfile.split("\n").find((line) => line.startsWith("ENTRYPOINT"));
    const argv = JSON.parse(entrypoint!.slice("ENTRYPOINT".length)) as string[];
    expect(argv).toEqual(expect.arrayContaining([...CHAIN_NODE_FLAGS]));
    expect(argv.join(" ")).toContain(CHAIN_TS_LOADER.join(" "));
  });
});
