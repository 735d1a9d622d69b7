/**
 * The explorer's HTTP server against a real devnet + indexer: the JSON gateway answers what gRPC
 * answers, StreamEvents over SSE resumes after Last-Event-ID, static files stay inside the build
 * directory, and every bad request gets a specific status and message while the indexer keeps
 * serving.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { gunzipSync } from "node:zlib";
import { latLngToCell } from "h3-js";
import { startDevnet, type RunningDevnet } from "../../devnet/devnet";
import { waitFor } from "../../devnet/testing/wait";
import { CellAggregatesResponse, ProofReasonsResponse } from "../../generated/depin/indexer/v1/aggregates";
import { IndexerQueries } from "../store/queries";
import { GetDeviceResponse, ListDevicesResponse } from "../../generated/depin/indexer/v1/query";
import { startIndexer, type RunningIndexer } from "../indexer";
import { ChainDriver, type DriverDevice } from "../testing/chain-driver";
import { connectIndexer, type IndexerApi } from "../testing/client";
import { testNetwork } from "../testing/network";
import { freshStore, type TestStore } from "../testing/store-target";
import { startExplorerServer } from "./server";

jest.setTimeout(120_000);
const quiet = { info: () => undefined, warn: () => undefined };
const SERVICE = "/depin.indexer.v1.IndexerService";

describe("explorer HTTP server: JSON gateway, SSE, static files", () => {
  let home: string;
  let devnet: RunningDevnet;
  let driver: ChainDriver;
  let store: TestStore;
  let indexer: RunningIndexer;
  let api: IndexerApi;
  let base: string;
  let devices: DriverDevice[];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "fieldnet-gateway-"));
    const dist = join(home, "dist");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>explorer</title>");
    writeFileSync(join(dist, "assets", "app-1234.js"), "console.log(1)");
    devnet = await startDevnet({ config: testNetwork, home, port: 0, blockTimeMs: 100 });
    driver = await ChainDriver.connect(devnet.rpcUrl, devnet.accounts.map((a) => a.mnemonic), devnet.chainId, "gateway");
    store = await freshStore("sqlite", "gateway");
    indexer = await startIndexer({ rpcUrl: devnet.rpcUrl, db: store.url, grpcPort: 0, explorerPort: 0, explorerDir: dist, logger: quiet, pollMs: 200 });
    api = connectIndexer(indexer.grpcAddress);
    base = indexer.explorerUrl!.replace(/\/$/, "");
    devices = await driver.registerDevices(0, [0, 1, 2].map((i) => ({ networkType: "energy-meter", metadata: { ratedPowerW: 1000 }, location: latLngToCell(52.52 + i * 0.01, 13.4, 12) })));
    await indexer.ingester.waitForHeight(await driver.height());
  });

  afterAll(async () => {
    api?.close();
    await indexer?.stop();
    driver?.close();
    await devnet?.stop();
    await store?.drop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const post = (method: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) => fetch(`${base}${SERVICE}/${method}`, { method: "POST", headers, body });

  async function expectSameAsGrpc<T>(viaHttp: () => Promise<T>, viaGrpc: () => Promise<T>): Promise<void> {
    const { answer, after } = await waitFor(async () => {
      const before = await viaGrpc();
      const answer = await viaHttp();
      const after = await viaGrpc();
      return isDeepStrictEqual(before, after) ? { answer, after } : undefined;
    }, "two equal gRPC answers around the HTTP one");
    expect(answer).toEqual(after);
  }

  it("answers exactly what gRPC answers, through the generated JSON codecs", async () => {
    const id = devices[0].id;
    const viaHttp = GetDeviceResponse.fromJSON(await (await post("GetDevice", JSON.stringify({ device_id: id }))).json());
    expect(viaHttp).toEqual(await api.getDevice({ deviceId: id }));
    const list = ListDevicesResponse.fromJSON(await (await post("ListDevices", JSON.stringify({ networkType: "energy-meter", limit: 2 }))).json());
    expect(list).toEqual(await api.listDevices({ networkType: "energy-meter", limit: 2 }));
    const req = { resolution: 5, bbox: { minLatE6: 50e6, maxLatE6: 54e6, minLngE6: 12e6, maxLngE6: 15e6 } };
    const cells = await post("CellAggregates", JSON.stringify(req));
    expect(cells.status).toBe(200);
    const agg = CellAggregatesResponse.fromJSON(await cells.json());
    expect(agg).toEqual(await api.cellAggregates(req));
    expect(Number(agg.devices)).toBe(3);
    const meta = await post("DeviceMetadata", JSON.stringify({ device_id: id }));
    expect(((await meta.json()) as { metadataJson: string }).metadataJson).toBe('{"ratedPowerW":1000}');
    expect((await post("DeviceMetadata", JSON.stringify({ device_id: "1".repeat(40) }))).status).toBe(404);
    // The chain keeps producing blocks, so the open epoch can move between the two calls: compare an
    // HTTP answer bracketed by two equal gRPC answers.
    await expectSameAsGrpc(
      async () => ProofReasonsResponse.fromJSON(await (await post("ProofReasons", "{}")).json()),
      () => api.proofReasons({}),
    );
    // Larger answers are gzipped for clients that accept it.
    const zipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      const u = new URL(base);
      const r = httpRequest({ host: u.hostname, port: u.port, path: `${SERVICE}/ListDevices`, method: "POST", headers: { "content-type": "application/json", "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
      });
      r.on("error", reject);
      r.end("{}");
    });
    expect(zipped.encoding).toBe("gzip");
    expect(ListDevicesResponse.fromJSON(JSON.parse(gunzipSync(zipped.body).toString()))).toEqual(await api.listDevices({}));
    // An empty body is the empty request.
    expect((await post("GetStatus", "")).status).toBe(200);
  });

  it.each<[string, string, string, Record<string, string> | undefined, number, string, RegExp]>([
    ["malformed JSON", "ListDevices", "{", undefined, 400, "invalid_argument", /^body: not valid JSON/],
    ["not an object", "ListDevices", "[1]", undefined, 400, "invalid_argument", /^body: must be a JSON object/],
    ["unknown field", "ListDevices", '{"bogus":1}', undefined, 400, "invalid_argument", /^body: unknown field "bogus" for ListDevices \(fields: network_type, owner/],
    ["non-numeric number", "ListDevices", '{"limit":"many"}', undefined, 400, "invalid_argument", /^limit: must be a number$/],
    ["non-numeric int64", "ListProofs", '{"from_height":"ten"}', undefined, 400, "invalid_argument", /^body: /],
    ["limit too large", "ListDevices", '{"limit":5000}', undefined, 400, "invalid_argument", /^limit: must be at most 1000 \(got 5000\)$/],
    ["missing device", "GetDevice", `{"device_id":"${"0".repeat(40)}"}`, undefined, 404, "not_found", /^device 0{40} not found$/],
    ["required field", "GetDevice", "{}", undefined, 400, "invalid_argument", /^device_id: required$/],
    ["bad resolution", "CellAggregates", '{"resolution":16}', undefined, 400, "invalid_argument", /^resolution: must be 0..15/],
    ["bad bbox", "CellAggregates", '{"resolution":3,"bbox":{"minLatE6":95000000}}', undefined, 400, "invalid_argument", /^bbox.min_lat_e6: must be an integer/],
    ["fractional bbox", "CellAggregates", '{"resolution":3,"bbox":{"min_lat_e6":1.5}}', undefined, 400, "invalid_argument", /^bbox.min_lat_e6: must be an integer/],
    ["wrong content type", "ListDevices", "{}", { "content-type": "text/plain" }, 415, "invalid_argument", /^content-type: expected application\/json/],
    ["unknown method", "Nope", "{}", undefined, 404, "unimplemented", /^unknown method "Nope" \(methods: GetDevice, /],
    ["stream over POST", "StreamEvents", "{}", undefined, 405, "unimplemented", /^StreamEvents: use GET/],
  ])("%s gets its HTTP status, code and message", async (_what, method, body, headers, httpStatus, code, message) => {
    const res = await post(method, body, headers);
    expect(res.status).toBe(httpStatus);
    const json = (await res.json()) as { code: string; message: string };
    expect(json.code).toBe(code);
    expect(json.message).toMatch(message);
  });

  it("rejects oversized bodies, GET on unary methods and bad stream requests", async () => {
    const big = await post("ListDevices", JSON.stringify({ owner: "x".repeat(70_000) }));
    expect([big.status, ((await big.json()) as { message: string }).message]).toEqual([413, "body: larger than 65536 bytes"]);
    const get = await fetch(`${base}${SERVICE}/ListDevices`);
    expect(get.status).toBe(405);
    const kinds = await fetch(`${base}${SERVICE}/StreamEvents?request=${encodeURIComponent('{"kinds":["bad kind"]}')}`);
    expect([kinds.status, ((await kinds.json()) as { message: string }).message]).toEqual([400, "kinds[0]: an event type, or a prefix ending in *"]);
    const resume = await fetch(`${base}${SERVICE}/StreamEvents`, { headers: { "last-event-id": "yesterday" } });
    expect([resume.status, ((await resume.json()) as { message: string }).message]).toEqual([400, 'last-event-id: expected "<height>:<index>", got "yesterday"']);
  });

  async function readEvents(headers: Record<string, string>, query: string, n: number): Promise<Array<{ id: string; data: { event: { kind: string; deviceId?: string } } }>> {
    const controller = new AbortController();
    const res = await fetch(`${base}${SERVICE}/StreamEvents?request=${encodeURIComponent(query)}`, { headers, signal: controller.signal });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const out: Array<{ id: string; data: { event: { kind: string; deviceId?: string } } }> = [];
    let buf = "";
    while (out.length < n) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += Buffer.from(value).toString("utf8");
      let end: number;
      while ((end = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const id = /^id: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (id && data) out.push({ id, data: JSON.parse(data) });
      }
    }
    controller.abort();
    return out;
  }

  it("streams events as SSE and resumes after Last-Event-ID with no gap or duplicate", async () => {
    const first = await readEvents({}, JSON.stringify({ kinds: ["depin.registry.v1.*"] }), 3);
    expect(first.map((e) => e.data.event.deviceId).sort()).toEqual(devices.map((d) => d.id).sort());
    const resumed = await readEvents({ "last-event-id": first[0].id }, JSON.stringify({ kinds: ["depin.registry.v1.*"] }), 2);
    expect(resumed.map((e) => e.id)).toEqual(first.slice(1).map((e) => e.id));
  });

  it("serves the build's files, the page for client routes, and nothing outside the build", async () => {
    const page = await fetch(`${base}/`);
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect((await fetch(`${base}/device/abc`)).status).toBe(200);
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect([asset.status, asset.headers.get("cache-control")]).toEqual([200, "public, max-age=31536000, immutable"]);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: "DELETE" })).status).toBe(405);
    const raw = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const u = new URL(base);
        httpRequest({ host: u.hostname, port: u.port, path, method: "GET" }, (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        }).on("error", reject).end();
      });
    // ".." cannot climb out of the build: the path is resolved inside it (here: the page, no file).
    expect(await raw("/..%2f..%2f..%2fetc%2fpasswd")).toEqual({ status: 200, body: "<!doctype html><title>explorer</title>" });
    expect((await raw("/../../etc/hostname.txt")).status).toBe(404);
    expect((await raw("/%E0%A4%A")).status).toBe(400);
    // Malformed HTTP: a 400, and the server keeps serving.
    const reply = await new Promise<string>((resolve) => {
      const u = new URL(base);
      const s = connect(Number(u.port), u.hostname, () => s.write("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      s.on("data", (d) => (text += d.toString()));
      s.on("close", () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1.1 400 Bad Request/);
    expect((await post("GetStatus", "{}")).status).toBe(200);
    expect((await api.getStatus({})).chainId).toBe(devnet.chainId);
  });

  it("says how to build the explorer when its build is missing", async () => {
    const server = await startExplorerServer({ host: "127.0.0.1", port: 0, unary: indexer.grpc.unary, queries: new IndexerQueries(indexer.store.db), ingester: indexer.ingester, dir: join(home, "no-build") });
    try {
      const res = await fetch(server.url);
      expect([res.status, ((await res.json()) as { message: string }).message]).toEqual([503, expect.stringMatching(/the explorer is not built .*: run npm run build:explorer$/)]);
    } finally {
      await server.stop();
    }
  });
});
