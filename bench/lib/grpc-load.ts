/**
 * A closed-loop gRPC load client, run as its own process so that the server's figures are not
 * shared with the client's CPU time in one event loop. Keeps `concurrency` unary calls in flight
 * for `seconds`, then prints one JSON line: requests/s and latency percentiles.
 *
 *   node --import tsx bench/lib/grpc-load.ts <address> <getDevice|listDevices|echo> <concurrency> <seconds> <devices>
 */
import { credentials, makeGenericClientConstructor, Metadata, type ServiceError } from "@grpc/grpc-js";
import { IndexerServiceDefinition, ListDevicesRequest } from "../../generated/depin/indexer/v1/query";

export const ECHO_SERVICE = {
  echo: {
    path: "/bench.Echo/Echo",
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
} as const;

/** Device ids the benchmark inserts: 40 hex chars of a counter, like real ids in length. */
export const benchDeviceId = (i: number): string => i.toString(16).padStart(40, "0");

const WARMUP_SECONDS = 1;

type Call = (done: (error: ServiceError | null) => void) => void;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const [address, method, concurrencyArg, secondsArg, devicesArg] = process.argv.slice(2);
  const concurrency = Number(concurrencyArg);
  const seconds = Number(secondsArg);
  const devices = Number(devicesArg);
  let seed = 12345;
  const nextDevice = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return benchDeviceId(seed % devices);
  };

  // Every method goes through the same raw-bytes client: the request is built per call (a
  // GetDeviceRequest-shaped message: field 1, a 40-char id) and the response is not decoded, so
  // the client does the same work for the echo service and the indexer and the figures compare
  // the servers. (A ts-proto client decoding responses costs the client process, on this 2-core
  // machine the server's neighbour, more than the echo client, which would skew the ratio.)
  const indexerPath = (m: keyof typeof IndexerServiceDefinition.methods) => `/${IndexerServiceDefinition.fullName}/${IndexerServiceDefinition.methods[m].name}`;
  const paths: Record<string, string> = { echo: ECHO_SERVICE.echo.path, getDevice: indexerPath("getDevice"), listDevices: indexerPath("listDevices") };
  const path = paths[method];
  if (!path) throw new Error(`unknown method ${method}`);
  const Raw = makeGenericClientConstructor({ call: { ...ECHO_SERVICE.echo, path } } as never, "Raw");
  const client = new Raw(address, credentials.createInsecure()) as unknown as { call(r: Buffer, m: Metadata, cb: (e: ServiceError | null) => void): void; close(): void };
  // ListDevicesRequest: the first page of 100 energy meters, encoded once.
  const listRequest = ListDevicesRequest.encode(ListDevicesRequest.fromPartial({ networkType: "energy-meter", limit: 100 })).finish();
  const request = method === "listDevices" ? () => Buffer.from(listRequest) : () => Buffer.concat([Buffer.from([0x0a, 40]), Buffer.from(nextDevice())]);
  const call: Call = (done) => client.call(request(), new Metadata(), done);
  const close = () => client.close();

  // Warm-up: the connection, then WARMUP_SECONDS of the same load unrecorded, so that JIT
  // compilation of the gRPC paths on both sides is not what the tail latency measures.
  await new Promise<void>((resolve, reject) => call((e) => (e ? reject(e) : resolve())));
  const run = async (forSeconds: number, record: boolean) => {
    const deadline = process.hrtime.bigint() + BigInt(Math.round(forSeconds * 1e9));
    const worker = () =>
      new Promise<void>((resolve) => {
        const next = () => {
          if (process.hrtime.bigint() >= deadline) return resolve();
          const start = process.hrtime.bigint();
          call((error) => {
            if (!record) return next();
            if (error) errors++;
            else latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
            next();
          });
        };
        next();
      });
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  const latencies: number[] = [];
  let errors = 0;
  await run(WARMUP_SECONDS, false);
  const t0 = process.hrtime.bigint();
  await run(seconds, true);
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  close();
  const sorted = Float64Array.from(latencies).sort();
  console.log(JSON.stringify({ method, concurrency, requests: latencies.length, errors, seconds: +elapsed.toFixed(2), rps: Math.round(latencies.length / elapsed), p50Ms: +percentile(sorted, 50).toFixed(3), p99Ms: +percentile(sorted, 99).toFixed(3) }));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
