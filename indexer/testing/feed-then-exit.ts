/**
 * Child process for new-block-feed.spec.ts: subscribes to new blocks through RpcBlockSource as the
 * ingester does, prints the first height as JSON, unsubscribes and closes the source. It must then
 * exit by itself: a socket or timer left behind keeps it alive and the spec times out.
 */
import { RpcBlockSource } from "../ingest/source";

async function main(): Promise<void> {
  const source = await RpcBlockSource.connect(process.argv[2]);
  const unsubscribe = source.subscribe(
    (height) => {
      unsubscribe();
      source.close();
      process.stdout.write(`${JSON.stringify({ height })}\n`);
    },
    (error) => {
      process.stderr.write(`feed dropped: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

void main();
