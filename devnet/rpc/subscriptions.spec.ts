import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { comet38 } from "@cosmjs/tendermint-rpc";
type NewBlockEvent = comet38.NewBlockEvent;
type TxEvent = comet38.TxEvent;
import { fromUtf8, toUtf8 } from "@cosmjs/encoding";
import { startDevnet, type RunningDevnet } from "../devnet";
import { parseQuery } from "../store/query";
import { type BlockMessage, type PubsubEventKind, lazyMessage, matchingMessages } from "./subscriptions";
import type { NetworkConfig } from "../../modules/app/network-config";

const config: NetworkConfig = {
  chainId: "ws-test-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0",
  devAccounts: { count: 1, balance: "1" },
};

function firstN<T>(stream: { subscribe(l: { next(v: T): void; error(e: unknown): void }): { unsubscribe(): void } }, n: number, timeoutMs = 8000): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const got: T[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${got.length}/${n} events`)), timeoutMs);
    const sub = stream.subscribe({
      next: (v) => {
        got.push(v);
        if (got.length === n) {
          clearTimeout(timer);
          sub.unsubscribe();
          resolve(got);
        }
      },
      error: (e) => {
        clearTimeout(timer);
        reject(e);
      },
    });
  });
}

describe("WebSocket subscriptions through cosmjs", () => {
  let home: string;
  let devnet: RunningDevnet;
  let client: Comet38Client;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "devnet-ws-"));
    devnet = await startDevnet({ config, home, app: "kv", port: 0, blockTimeMs: 100 });
    // cosmjs appends "/websocket" itself, so it takes the ws:// base URL.
    client = await Comet38Client.connect(devnet.rpcUrl.replace(/^http/, "ws"));
  });

  afterAll(async () => {
    client?.disconnect();
    await devnet?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("subscribeNewBlock delivers consecutive blocks", async () => {
    const blocks = await firstN<NewBlockEvent>(client.subscribeNewBlock(), 3);
    expect(blocks[1].header.height).toBe(blocks[0].header.height + 1);
    expect(blocks[0].header.chainId).toBe("ws-test-1");
  });

  it("subscribeNewBlockHeader", async () => {
    const [header] = await firstN(client.subscribeNewBlockHeader(), 1);
    expect(header.height).toBeGreaterThan(0);
  });

  it("subscribeTx with an attribute condition delivers only matching txs", async () => {
    const events = firstN<TxEvent>(client.subscribeTx("message.sender='watched'"), 1);
    await new Promise((r) => setTimeout(r, 50));
    await client.broadcastTxSync({ tx: toUtf8("other=1") });
    await client.broadcastTxSync({ tx: toUtf8("watched=2") });
    const [event] = await events;
    expect(fromUtf8(event.tx)).toBe("watched=2");
    expect(event.result.code).toBe(0);
    expect(event.height).toBeGreaterThan(0);
  });

  it("all methods also work over the WebSocket", async () => {
    const status = await client.status();
    expect(status.nodeInfo.network).toBe("ws-test-1");
  });
});

describe("matching block messages to a subscription", () => {
  function message(kind: PubsubEventKind, built: string[]): BlockMessage {
    return lazyMessage(kind, () => {
      built.push(kind);
      return { data: { type: `tendermint/event/${kind}`, value: {} }, events: { "tm.event": [kind], "block.height": ["7"] } };
    });
  }

  it("builds only the messages a tm.event condition lets through", () => {
    const built: string[] = [];
    const messages = (["NewBlock", "NewBlockHeader", "NewBlockEvents", "Tx"] as const).map((kind) => message(kind, built));
    const out = matchingMessages({ id: 1, query: parseQuery("tm.event='NewBlockHeader' AND block.height=7") }, messages);
    expect(out.map((m) => m.data.type)).toEqual(["tendermint/event/NewBlockHeader"]);
    expect(built).toEqual(["NewBlockHeader"]);
  });

  it("without a tm.event condition, matches on every message's events, building each once", () => {
    const built: string[] = [];
    const messages = (["NewBlock", "Tx"] as const).map((kind) => message(kind, built));
    expect(matchingMessages({ id: 1, query: parseQuery("block.height=7") }, messages)).toHaveLength(2);
    expect(matchingMessages({ id: 2, query: parseQuery("block.height>7") }, messages)).toHaveLength(0);
    expect(built).toEqual(["NewBlock", "Tx"]);
  });
});
