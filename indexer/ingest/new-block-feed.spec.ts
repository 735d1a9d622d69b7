import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevnet, type RunningDevnet } from "../../devnet/devnet";
import { testNetwork } from "../testing/network";
import { subscribeNewBlockHeights, websocketEndpoint } from "./new-block-feed";

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("NewBlockHeader feed over the node's WebSocket", () => {
  let home: string;
  let devnet: RunningDevnet;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "fieldnet-feed-"));
    devnet = await startDevnet({ config: testNetwork, home, port: 0, blockTimeMs: 100 });
  });

  afterAll(async () => {
    await devnet?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("builds the endpoint CometBFT serves from any RPC URL form", () => {
    expect(websocketEndpoint("http://127.0.0.1:26657")).toBe("ws://127.0.0.1:26657/websocket");
    expect(websocketEndpoint("https://rpc.example.org/")).toBe("wss://rpc.example.org/websocket");
    expect(websocketEndpoint("ws://127.0.0.1:26657/websocket")).toBe("ws://127.0.0.1:26657/websocket");
  });

  it("pushes each committed height in order, and nothing after unsubscribing", async () => {
    const heights: number[] = [];
    let unsubscribe: () => void = () => undefined;
    await new Promise<void>((resolve, reject) => {
      unsubscribe = subscribeNewBlockHeights(
        devnet.rpcUrl,
        (height) => {
          heights.push(height);
          if (heights.length === 3) {
            unsubscribe();
            resolve();
          }
        },
        reject,
      );
    });
    expect(heights[1]).toBe(heights[0] + 1);
    expect(heights[2]).toBe(heights[1] + 1);
    await new Promise((resolve) => setTimeout(resolve, 400)); // several blocks
    expect(heights).toHaveLength(3);
  });

  it("lets the process exit once the subscriber unsubscribes and closes its source", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "..", "testing", "feed-then-exit.ts"), devnet.rpcUrl], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = await new Promise<number | "still running">((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve("still running");
      }, 20_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    expect({ exited, stderr }).toEqual({ exited: 0, stderr: "" });
    expect(JSON.parse(stdout).height).toBeGreaterThan(0);
  }, 30_000);

  it("reports a node that cannot be reached once, with the reason", async () => {
    const port = await closedPort();
    const drops: Error[] = [];
    subscribeNewBlockHeights(`http://127.0.0.1:${port}`, () => undefined, (error) => drops.push(error));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(drops).toHaveLength(1);
    expect(drops[0].message).toMatch(/ECONNREFUSED/);
  });

  it("reports the node going away once", async () => {
    const other = await startDevnet({ config: testNetwork, home: join(home, "other"), port: 0, blockTimeMs: 100 });
    const drops: Error[] = [];
    let seen = 0;
    await new Promise<void>((resolve) => {
      subscribeNewBlockHeights(
        other.rpcUrl,
        () => {
          if (++seen === 1) resolve();
        },
        (error) => drops.push(error),
      );
    });
    await other.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(drops).toHaveLength(1);
    expect(drops[0].message).toMatch(/closed the WebSocket|ECONNRESET|socket hang up/);
  });
});
