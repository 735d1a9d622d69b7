/**
 * The indexer's tables as Kysely sees them. One schema for SQLite and PostgreSQL: only portable
 * column types (text, integer, bigint), booleans as 0/1 integers, amounts as integer strings
 * (summed in JS with bigint, never in SQL, so both dialects agree exactly).
 */
import type { Generated } from "kysely";

export interface MetaTable {
  key: string;
  value: string;
}

export interface DevicesTable {
  id: string;
  owner: string;
  network_type: string;
  key_type: string;
  location: string;
  /** H3 cell widened to resolution 15 (see h3-range.ts); null without a location. */
  cell_key: bigint | string | number | null;
  status: number;
  registered_height: number;
  updated_height: number;
  proofs_accepted: number;
  proofs_rejected: number;
  units_total: string;
  last_proof_height: number;
}

export interface DeviceHistoryTable {
  device_id: string;
  height: number;
  idx: number;
  kind: string;
  owner: string;
  location: string;
}

export interface DeviceCountsTable {
  network_type: string;
  status: number;
  count: number;
}

export interface ProofsTable {
  height: number;
  idx: number;
  device_id: string;
  sequence: string;
  network_type: string;
  accepted: number;
  reason: string;
  detail: string;
  units: string;
  quality: number;
  epoch: number;
  time_ms: number;
  from_hook: number;
}

export interface EpochsTable {
  epoch: number;
  start_height: number;
  end_height: number;
  emission: string;
  carried_in: string;
  distributed: string;
  remainder_carried: string;
  total_emitted: string;
  /** JSON array of the summary's pools. */
  pools_json: string;
  closed_height: number;
  burned: string;
  net_emission: string;
  total_burned: string;
  supply_start: string;
  supply_end: string;
}

export interface EpochTypeStatsTable {
  epoch: number;
  network_type: string;
  proofs_accepted: number;
  proofs_rejected: number;
  units: string;
}

export interface RewardsTable {
  height: number;
  idx: number;
  /** 1 settled, 2 claimed (RewardKind). */
  kind: number;
  device_id: string;
  owner: string;
  epoch: number;
  network_type: string;
  units: string;
  amount: string;
}

export interface RewardBalancesTable {
  /** A device id, or "owner:<address>" for an owner's aggregate. */
  subject: string;
  settled: string;
  claimed: string;
}

export interface AccountsTable {
  address: string;
  first_height: number;
  last_height: number;
}

export interface EventsTable {
  height: number;
  idx: number;
  kind: string;
  tx_index: number;
  tx_hash: string;
  network_type: string;
  owner: string;
  device_id: string;
  attributes_json: string;
  time_ms: number;
}

export interface UnknownEventsTable {
  height: number;
  idx: number;
  kind: string;
  tx_index: number;
  attributes_json: string;
}

export interface UsageReceiptsTable {
  height: number;
  idx: number;
  device_id: string;
  sequence: string;
  network_type: string;
  user_address: string;
  payer: string;
  accepted: number;
  units: string;
  credits: string;
  /** -1 for a rejected receipt. */
  epoch: number;
  reason: string;
  detail: string;
  time_ms: number;
}

export interface CreditPurchasesTable {
  height: number;
  idx: number;
  buyer: string;
  burned: string;
  credits: string;
  epoch: number;
  time_ms: number;
}

export interface PaymentAccountsTable {
  address: string;
  credits_purchased: string;
  tokens_burned: string;
  purchases: number;
  credits_spent: string;
  receipts_accepted: number;
  receipts_rejected: number;
  usage_units: string;
}

export interface IndexerDatabase {
  meta: MetaTable;
  devices: DevicesTable;
  device_history: DeviceHistoryTable;
  device_counts: DeviceCountsTable;
  proofs: ProofsTable;
  epochs: EpochsTable;
  epoch_type_stats: EpochTypeStatsTable;
  rewards: RewardsTable;
  reward_balances: RewardBalancesTable;
  accounts: AccountsTable;
  events: EventsTable;
  unknown_events: UnknownEventsTable;
  usage_receipts: UsageReceiptsTable;
  credit_purchases: CreditPurchasesTable;
  payment_accounts: PaymentAccountsTable;
}

/** Every data table, in the order a reset wipes them. */
export const DATA_TABLES: ReadonlyArray<keyof IndexerDatabase> = [
  "devices", "device_history", "device_counts", "proofs", "epochs", "epoch_type_stats", "rewards", "reward_balances", "accounts", "events", "unknown_events",
  "usage_receipts", "credit_purchases", "payment_accounts", "meta",
];

export type { Generated };
