/** The door when the node does not answer: the proof is refused as CHAIN_UNAVAILABLE in bounded time, never left hanging. */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { Comet38Client, HttpBatchClient } from "@cosmjs/tendermint-rpc";
import config from "../../fieldnet.config";
import { DeviceKey, payloads, proofToJson, signProof } from "../device";
import { FieldnetClient } from "../client";
import { DoorCheck } from "./admission";

let silent: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  // A node that accepts connections and never answers (hung, or refusing a batch in a way the client never settles).
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe("DoorCheck", () => {
  it("refuses a proof as CHAIN_UNAVAILABLE when its device lookup gets no answer within lookupTimeoutMs", async () => {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const query = FieldnetClient.create(Comet38Client.create(new HttpBatchClient(url, { batchSizeLimit: 10, dispatchInterval: 5 })));
    try {
      const door = new DoorCheck({ chainId: "fieldnet-test-1", query: query.depin, plugins: config.plugins ?? [], lookupTimeoutMs: 300 });
      const key = DeviceKey.generate();
      const proof = proofToJson(signProof(key, { chainId: "fieldnet-test-1", sequence: 1, payload: payloads.energyMeter({ counterWh: 5, readAt: 1_700_000_000 }) }));
      const verdict = await door.check(proof);
      expect(verdict).toMatchObject({ ok: false, reason: "CHAIN_UNAVAILABLE", deviceId: key.id, sequence: "1" });
      expect((verdict as { error: string }).error).toMatch(/no answer from the node in 300 ms.*retry later/);
      // Not cached as unknown: the next proof asks again.
      expect(await door.check(proof)).toMatchObject({ reason: "CHAIN_UNAVAILABLE" });
    } finally {
      query.disconnect();
    }
  });
});
