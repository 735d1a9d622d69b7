/**
 * `startGateway`: the durable queue, the door checks, the HTTP server and the broadcaster, wired.
 */
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { NetworkPlugin } from "../../modules/plugin/types";
import { Comet38Client, HttpBatchClient } from "@cosmjs/tendermint-rpc";
import { rpcHttpUrl } from "../broadcast";
import { FieldnetClient } from "../client";
import { NativeSecp256k1Signer } from "../native-signer";
import { SigningFieldnetClient } from "../signing-client";
import { DoorCheck } from "./admission";
import { Broadcaster, type BroadcasterStats } from "./broadcaster";
import { ProofQueue } from "./queue";
import { createGatewayServer } from "./server";

export interface GatewayOptions {
  readonly rpcUrl: string;
  /** Mnemonic of the fee-paying submitter account. */
  readonly mnemonic: string;
  readonly prefix?: string;
  /** Directory for the queue database (gateway.db). */
  readonly home: string;
  readonly host?: string;
  /** 0 = any free port. Default 8080. */
  readonly port?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly plugins: readonly NetworkPlugin<any, any, any>[];
  /** Pending proofs before 429 (default 100 000). */
  readonly maxQueue?: number;
  readonly batchSize?: number;
  readonly maxInFlight?: number;
  readonly confirmTimeoutMs?: number;
  /** Device lookups per JSON-RPC batch (default 10: CometBFT's default `rpc.max_request_batch_size`). */
  readonly lookupBatchSize?: number;
  readonly gasPrice?: number;
  readonly denom?: string;
  readonly log?: (line: string) => void;
}

export interface RunningGateway {
  readonly url: string;
  readonly submitter: string;
  readonly chainId: string;
  readonly queue: ProofQueue;
  status(): GatewayStatus;
  stop(): Promise<void>;
}

export interface GatewayStatus {
  readonly chainId: string;
  readonly submitter: string;
  readonly proofs: ReturnType<ProofQueue["counts"]>;
  readonly inFlightTxs: number;
  readonly broadcaster: BroadcasterStats;
}

export async function startGateway(o: GatewayOptions): Promise<RunningGateway> {
  // Derived once and signing with node:crypto: the gateway signs a tx per batch, all day long.
  const wallet = await NativeSecp256k1Signer.fromMnemonic(o.mnemonic, o.prefix ?? "depin");
  const client = await SigningFieldnetClient.connectWithSigner(o.rpcUrl, wallet);
  const chainId = await client.getChainId();
  const queue = new ProofQueue(join(o.home, "gateway.db"));
  // The door looks up each device it has not seen (then caches it): a post from 100 new devices
  // asks 100 questions at once. cosmjs's batch client sends them as JSON-RPC batches of 10 (CometBFT's
  // default max_request_batch_size; a larger batch is refused as a whole): 10 round trips, not 100
  // requests queuing at the node.
  const lookups = FieldnetClient.create(Comet38Client.create(new HttpBatchClient(rpcHttpUrl(o.rpcUrl), { batchSizeLimit: o.lookupBatchSize ?? 10, dispatchInterval: 5 })));
  const door = new DoorCheck({ chainId, query: lookups.depin, plugins: o.plugins });
  const broadcaster = new Broadcaster({
    client,
    rpcUrl: o.rpcUrl,
    queue,
    chainId,
    batchSize: o.batchSize,
    maxInFlight: o.maxInFlight,
    confirmTimeoutMs: o.confirmTimeoutMs,
    gasPrice: o.gasPrice,
    denom: o.denom,
    log: o.log,
  });
  await broadcaster.start();
  const status = (): GatewayStatus => ({ chainId, submitter: client.sender, proofs: queue.counts(), inFlightTxs: broadcaster.inFlightCount(), broadcaster: broadcaster.stats });
  const server = createGatewayServer({ queue, door, maxQueue: o.maxQueue ?? 100_000, onQueued: () => broadcaster.poke(), status });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 8080, o.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${o.host ?? "127.0.0.1"}:${address.port}`,
    submitter: client.sender,
    chainId,
    queue,
    status,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await broadcaster.stop();
      queue.close();
      client.disconnect();
      lookups.disconnect();
    },
  };
}
