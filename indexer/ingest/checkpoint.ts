/** The ingestion checkpoint, kept in `meta` and written in the same transaction as the rows. */
import type { Kysely, Transaction } from "kysely";
import type { IndexerDatabase } from "../store/schema";

export interface Checkpoint {
  readonly chainId: string;
  /** Last fully applied height (0 = nothing yet). */
  readonly height: number;
  readonly blockHash: string;
  /** Hash of the first block indexed: with the chain-id, identifies the chain (a reset changes it). */
  readonly firstBlockHash: string;
  /** Its height: 1, or the genesis initial_height of a chain started from an exported state (0 = read before it was kept: 1). */
  readonly firstBlockHeight: number;
  /** The open epoch as far as the events tell (last closed + 1, or the latest proof's epoch). */
  readonly currentEpoch: number;
}

export const EMPTY_CHECKPOINT: Checkpoint = { chainId: "", height: 0, blockHash: "", firstBlockHash: "", firstBlockHeight: 0, currentEpoch: 0 };

export async function readCheckpoint(db: Kysely<IndexerDatabase> | Transaction<IndexerDatabase>): Promise<Checkpoint> {
  const row = await db.selectFrom("meta").select("value").where("key", "=", "checkpoint").executeTakeFirst();
  return row ? { ...EMPTY_CHECKPOINT, ...(JSON.parse(row.value) as Checkpoint) } : EMPTY_CHECKPOINT;
}

export async function writeCheckpoint(trx: Transaction<IndexerDatabase>, checkpoint: Checkpoint): Promise<void> {
  await trx
    .insertInto("meta")
    .values({ key: "checkpoint", value: JSON.stringify(checkpoint) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(checkpoint) }))
    .execute();
}
