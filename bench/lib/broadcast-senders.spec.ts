import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { prepareSenders, sendAll } from "./broadcast-senders";

describe("broadcast-senders (the throughput benches' senders)", () => {
  let server: Server;
  let url: string;
  const received: string[] = [];

  beforeAll(async () => {
    // A real node:http server answering broadcast_tx_sync: tx "bad" is refused by CheckTx, "down" fails the request.
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const parsed = JSON.parse(body) as { id: number; params: { tx: string } } | Array<{ id: number; params: { tx: string } }>;
        const calls = Array.isArray(parsed) ? parsed : [parsed];
        received.push(...calls.map((call) => call.params.tx));
        if (calls.some((call) => call.params.tx === "down")) return void res.writeHead(500).end("down");
        const answers = calls.map((call) => ({ jsonrpc: "2.0", id: call.id, result: { code: call.params.tx === "bad" ? 5 : 0 } }));
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("sends each account's txs in order, singly or in batches, and counts CheckTx refusals", async () => {
    received.length = 0;
    expect(await sendAll(await prepareSenders(() => url, [["a1", "bad", "a3"]]))).toBe(1);
    expect(received).toEqual(["a1", "bad", "a3"]);
    received.length = 0;
    expect(await sendAll(await prepareSenders(() => url, [["b1", "b2", "bad", "b4", "b5"]], 2))).toBe(1);
    expect(received).toEqual(["b1", "b2", "bad", "b4", "b5"]);
  });

  it("fails the run on a failed request, or counts it as refused when asked to", async () => {
    await expect(sendAll(await prepareSenders(() => url, [["c1", "down", "c3"]]))).rejects.toThrow("HTTP 500");
    expect(await sendAll(await prepareSenders(() => url, [["d1", "down", "d3"]]), "count")).toBe(1);
  });
});
