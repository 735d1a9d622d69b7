import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseBlockTime } from "./cli";
import { spawnDevnet, rpcCall } from "./testing/spawn";

jest.setTimeout(120_000);

describe("CLI", () => {
  it("parses block times like Anvil", () => {
    expect(parseBlockTime("1s")).toBe(1000);
    expect(parseBlockTime("250ms")).toBe(250);
    expect(parseBlockTime("1.5s")).toBe(1500);
    expect(parseBlockTime("0")).toBe(0);
    expect(() => parseBlockTime("fast")).toThrow("--block-time");
  });

  it("starts, prints a JSON banner, refuses another chain-id on the same home, exits 0 on SIGTERM", async () => {
    const home = mkdtempSync(join(tmpdir(), "devnet-cli-"));
    try {
      const d = await spawnDevnet(["--app", "kv", "--home", home, "--port", "0", "--accounts", "2", "--balance", "5"]);
      expect(d.banner.accounts).toHaveLength(2);
      expect(d.banner.accounts[0].balance).toBe("5");
      expect((await rpcCall(d.banner.rpcUrl, "status")).result.node_info.network).toBe("fieldnet-devnet-1");
      d.child.kill("SIGTERM");
      expect(await d.exited).toBe(0);
      await expect(spawnDevnet(["--app", "kv", "--home", home, "--port", "0", "--accounts", "2", "--balance", "5", "--chain-id", "other-1"])).rejects.toThrow(/--reset/);
      await expect(spawnDevnet(["--app", "kv", "--home", home, "--port", "0", "--signature-workers", "0"])).rejects.toThrow(/--signature-workers: expected a whole number >= 1/);
      const again = await spawnDevnet(["--app", "kv", "--home", home, "--port", "0", "--reset", "--chain-id", "other-1"]);
      expect(again.banner.chainId).toBe("other-1");
      again.child.kill("SIGINT");
      expect(await again.exited).toBe(0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
