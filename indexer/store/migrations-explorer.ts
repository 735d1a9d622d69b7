/**
 * Indexes for the explorer's aggregates (api/aggregates.ts): ProofReasons groups the proofs of the
 * latest epochs by (epoch, network_type, accepted, reason), which this index covers.
 * CellAggregates needs none: it groups the existing (cell_key, id) index by a shifted cell_key.
 */
import type { Kysely, Migration } from "kysely";

export const m002Explorer: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex("proofs_epoch_reason").on("proofs").columns(["epoch", "network_type", "accepted", "reason"]).execute();
  },
};
