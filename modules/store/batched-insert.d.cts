/** See batched-insert.cjs. */
export declare class BatchedInsert {
  constructor(db: import("better-sqlite3").Database, insert: string, columns: number, rowsPerStatement: number);
  insert(rows: Iterable<readonly unknown[]>): void;
}
