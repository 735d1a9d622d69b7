import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  RequestCheckTx,
  RequestFinalizeBlock,
  RequestInfo,
  RequestQuery,
  ResponseApplySnapshotChunk_Result,
  ResponseOfferSnapshot_Result,
  ResponseProcessProposal_ProposalStatus,
  ResponseVerifyVoteExtension_VerifyStatus,
  type Request,
  type ResponseCheckTx,
  type ResponseFinalizeBlock,
} from "cosmjs-types/tendermint/abci/types";
import type { AbciApplication } from "../../modules/app/abci";
import { AbciServer, parseListenAddress, type AbciLogger } from "./abci-server";
import { AbciTestClient } from "./abci-test-client";
import { encodeRequestFrame } from "./codec";
import { encodeUvarint } from "./framing";

/** Records call order; FinalizeBlock waits on a gate the test opens. */
class StubApp implements AbciApplication {
  readonly calls: string[] = [];
  gate: Promise<void> = Promise.resolve();
  failCommit = false;

  async info(r: RequestInfo) {
    this.calls.push("info");
    return { data: "stub", version: r.version, appVersion: 1n, lastBlockHeight: 7n, lastBlockAppHash: new Uint8Array([1, 2]) };
  }
  async initChain() {
    this.calls.push("initChain");
    return { validators: [], appHash: new Uint8Array([9]) };
  }
  async checkTx(r: RequestCheckTx): Promise<ResponseCheckTx> {
    const n = r.tx[0];
    this.calls.push(`checkTx:${n}:start`);
    // Later txs finish first, to prove the server restores request order.
    await new Promise((resolve) => setTimeout(resolve, 40 - n * 10));
    this.calls.push(`checkTx:${n}:end`);
    return { code: n, data: new Uint8Array(), log: `tx ${n}`, info: "", gasWanted: 0n, gasUsed: 0n, events: [], codespace: "" };
  }
  async prepareProposal() {
    return { txs: [] };
  }
  async processProposal() {
    return { status: ResponseProcessProposal_ProposalStatus.ACCEPT };
  }
  async finalizeBlock(r: RequestFinalizeBlock): Promise<ResponseFinalizeBlock> {
    this.calls.push(`finalize:${r.height}:start`);
    await this.gate;
    this.calls.push(`finalize:${r.height}:end`);
    return { events: [], txResults: [], validatorUpdates: [], appHash: new Uint8Array([Number(r.height)]) };
  }
  async commit() {
    this.calls.push("commit");
    if (this.failCommit) throw new Error("disk full");
    return { retainHeight: 0n };
  }
  async query(r: RequestQuery) {
    return { code: 0, log: "", info: "", index: 0n, key: r.data, value: new Uint8Array([42]), height: 7n, codespace: "" };
  }
  async extendVote() {
    return { voteExtension: new Uint8Array() };
  }
  async verifyVoteExtension() {
    return { status: ResponseVerifyVoteExtension_VerifyStatus.ACCEPT };
  }
  async close() {}
}

const flush: Request = { flush: {} };
const checkTx = (n: number): Request => ({ checkTx: RequestCheckTx.fromPartial({ tx: new Uint8Array([n]) }) });
const finalize = (height: bigint): Request => ({ finalizeBlock: RequestFinalizeBlock.fromPartial({ height }) });

describe("ABCI socket server", () => {
  let app: StubApp;
  let server: AbciServer;
  let logs: string[];
  const clients: AbciTestClient[] = [];
  const logger: AbciLogger = { info: (m) => logs.push(m), error: (m) => logs.push(`ERROR ${m}`) };
  const client = async () => {
    const c = await AbciTestClient.connect(server.address);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    app = new StubApp();
    logs = [];
    server = await AbciServer.start({ app, address: "tcp://127.0.0.1:0", logger, maxFrameBytes: 1 << 20 });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
  });

  it("parses CometBFT's proxy_app address forms", () => {
    expect(parseListenAddress("tcp://127.0.0.1:26658")).toEqual({ kind: "tcp", host: "127.0.0.1", port: 26658 });
    expect(parseListenAddress("0.0.0.0:1")).toEqual({ kind: "tcp", host: "0.0.0.0", port: 1 });
    expect(parseListenAddress("unix:///tmp/a.sock")).toEqual({ kind: "unix", path: "/tmp/a.sock" });
    expect(() => parseListenAddress("http://x")).toThrow(/expected tcp/);
  });

  it("answers Echo, Info and Query, with the Flush answer last", async () => {
    const c = await client();
    c.send({ echo: { message: "hello" } }, { info: RequestInfo.fromPartial({ version: "0.38.26" }) }, { query: RequestQuery.fromPartial({ data: new Uint8Array([5]) }) }, flush);
    const [echo, info, query, flushed] = await c.waitFor(4);
    expect(echo.echo?.message).toBe("hello");
    expect(info.info?.lastBlockHeight).toBe(7n);
    expect([...(info.info?.lastBlockAppHash ?? [])]).toEqual([1, 2]);
    expect([...(query.query?.value ?? [])]).toEqual([42]);
    expect(flushed.flush).toBeDefined();
  });

  it("keeps request order for pipelined CheckTx even when later ones finish first", async () => {
    const c = await client();
    c.send(checkTx(1), checkTx(2), checkTx(3), flush);
    const responses = await c.waitFor(4);
    expect(responses.slice(0, 3).map((r) => r.checkTx?.code)).toEqual([1, 2, 3]);
    expect(responses[3].flush).toBeDefined();
    // They overlapped: all three started before the first finished.
    expect(app.calls.indexOf("checkTx:3:start")).toBeLessThan(app.calls.indexOf("checkTx:1:end"));
  });

  it("runs consensus requests one after another, and a blocked connection does not block the others", async () => {
    let open!: () => void;
    app.gate = new Promise((resolve) => (open = resolve));
    const consensus = await client();
    const query = await client();
    consensus.send(finalize(1n), { commit: {} }, flush);
    await new Promise((resolve) => setTimeout(resolve, 50));
    query.send({ echo: { message: "still here" } }, flush);
    expect((await query.waitFor(2))[0].echo?.message).toBe("still here");
    expect(consensus.responses).toHaveLength(0);
    expect(app.calls).toEqual(["finalize:1:start"]);
    open();
    const [fin, commit] = await consensus.waitFor(3);
    expect([...(fin.finalizeBlock?.appHash ?? [])]).toEqual([1]);
    expect(commit.commit).toBeDefined();
    expect(app.calls).toEqual(["finalize:1:start", "finalize:1:end", "commit"]);
  });

  it("answers snapshot calls with empty lists and REJECT", async () => {
    const c = await client();
    c.send(
      { listSnapshots: {} },
      { offerSnapshot: { appHash: new Uint8Array() } },
      { loadSnapshotChunk: { height: 1n, format: 1, chunk: 0 } },
      { applySnapshotChunk: { index: 0, chunk: new Uint8Array(), sender: "" } },
      flush,
    );
    const [list, offer, load, apply] = await c.waitFor(5);
    expect(list.listSnapshots?.snapshots).toEqual([]);
    expect(offer.offerSnapshot?.result).toBe(ResponseOfferSnapshot_Result.REJECT);
    expect(load.loadSnapshotChunk?.chunk).toHaveLength(0);
    expect(apply.applySnapshotChunk?.result).toBe(ResponseApplySnapshotChunk_Result.REJECT_SNAPSHOT);
  });

  it("turns an app error into ResponseException in its place, and logs it", async () => {
    app.failCommit = true;
    const c = await client();
    c.send({ echo: { message: "a" } }, { commit: {} }, flush);
    const [, commit, flushed] = await c.waitFor(3);
    expect(commit.exception?.error).toMatch(/commit: disk full/);
    expect(flushed.flush).toBeDefined();
    expect(logs.join("\n")).toMatch(/ERROR .*commit failed: Error: disk full/);
  });

  it("reassembles requests written one byte at a time", async () => {
    const c = await client();
    const bytes = Buffer.concat([encodeRequestFrame({ echo: { message: "slow" } }), encodeRequestFrame(flush)]);
    for (const byte of bytes) {
      c.writeRaw(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await c.waitFor(2))[0].echo?.message).toBe("slow");
  });

  it.each([
    ["garbage protobuf", Buffer.concat([encodeUvarint(3), Buffer.from([0xff, 0xff, 0xff])]), /bad request: malformed Request/],
    ["an unknown oneof field", Buffer.concat([encodeUvarint(3), Buffer.from([0xfa, 0x01, 0x00])]), /bad request: Request with no known method/],
    ["an oversize length", encodeUvarint(1 << 21), /bad frame: frame length exceeds/],
    ["a never-ending varint", Buffer.alloc(11, 0xff), /bad frame/],
  ])("closes only the connection that sent %s, with a logged reason", async (_name, bytes, reason) => {
    const bad = await client();
    const good = await client();
    bad.writeRaw(bytes);
    await bad.waitClosed();
    expect(logs.join("\n")).toMatch(reason);
    good.send({ echo: { message: "ok" } }, flush);
    expect((await good.waitFor(2))[0].echo?.message).toBe("ok");
    const fresh = await client();
    fresh.send({ echo: { message: "new" } }, flush);
    expect((await fresh.waitFor(2))[0].echo?.message).toBe("new");
  });
});

describe("ABCI socket server on a unix socket", () => {
  it("serves the same protocol", async () => {
    const dir = mkdtempSync(join(tmpdir(), "abci-unix-"));
    const server = await AbciServer.start({ app: new StubApp(), address: `unix://${join(dir, "app.sock")}`, logger: { info: () => {}, error: () => {} } });
    try {
      const c = await AbciTestClient.connect(server.address);
      c.send({ echo: { message: "unix" } }, flush);
      expect((await c.waitFor(2))[0].echo?.message).toBe("unix");
      c.close();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
