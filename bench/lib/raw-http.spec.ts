import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseResponse, RawHttpConnection, renderPost } from "./raw-http";

describe("raw-http (the benchmarks' load-generator client)", () => {
  let server: Server;
  let url: string;
  const seen: Array<{ path: string; body: string }> = [];

  beforeAll(async () => {
    // A real node:http server answering the three ways it can: with a length, chunked, and an error.
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        seen.push({ path: req.url ?? "", body });
        const answer = JSON.stringify({ echo: body, long: "é".repeat(5_000) });
        if (body.includes("chunked")) {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.write(answer.slice(0, 100));
          res.end(answer.slice(100));
        } else if (body.includes("fail")) {
          res.writeHead(500).end("nope");
        } else {
          res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(answer) }).end(answer);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("sends keep-alive POSTs on one connection and reads length-delimited and chunked answers", async () => {
    const connection = await RawHttpConnection.open(url);
    try {
      for (const body of ['{"a":1}', '{"chunked":"ü"}', '{"b":2}']) {
        const answer = JSON.parse(await connection.send(renderPost(url, body)));
        expect(answer.echo).toBe(body);
        expect(answer.long).toBe("é".repeat(5_000));
      }
      expect(seen.slice(-3).map((request) => request.path)).toEqual(["/", "/", "/"]);
    } finally {
      connection.close();
    }
  });

  it("rejects a non-200 answer with its status and refuses a second request in flight", async () => {
    const connection = await RawHttpConnection.open(url);
    try {
      await expect(connection.send(renderPost(url, '{"fail":true}'))).rejects.toThrow("HTTP 500: nope");
      const first = connection.send(renderPost(url, "{}"));
      await expect(connection.send(renderPost(url, "{}"))).rejects.toThrow("one request at a time");
      await first;
    } finally {
      connection.close();
    }
  });

  it("waits for the whole response", () => {
    const whole = Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    for (let cut = 0; cut < whole.length; cut++) expect(parseResponse(whole.subarray(0, cut))).toBeUndefined();
    expect(parseResponse(whole)).toEqual({ status: 200, body: "hello" });
    const chunked = Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n");
    for (let cut = 0; cut < chunked.length; cut++) expect(parseResponse(chunked.subarray(0, cut))).toBeUndefined();
    expect(parseResponse(chunked)).toEqual({ status: 200, body: "hello" });
  });
});
