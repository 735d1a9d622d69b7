/*
 * Rows written through one multi-row `INSERT ... VALUES (...), (...), ...` per `rowsPerStatement`
 * rows, the remainder one row at a time: most of a single-row statement's cost is the
 * driver's per-call work. Used by the store's commit (sqlite-backend.ts's PairWriter), the
 * latest-state thread and the devnet's tx index thread. Plain CommonJS so worker threads, which
 * have no TypeScript loader, can load it.
 */
class BatchedInsert {
  /** `insert` is the statement up to VALUES, e.g. "INSERT INTO nodes (k, v)". */
  constructor(db, insert, columns, rowsPerStatement) {
    const row = `(${Array(columns).fill("?").join(", ")})`;
    this.single = db.prepare(`${insert} VALUES ${row}`);
    this.multi = db.prepare(`${insert} VALUES ${Array(rowsPerStatement).fill(row).join(", ")}`);
    this.columns = columns;
    this.rowsPerStatement = rowsPerStatement;
    this.params = new Array(columns * rowsPerStatement);
  }

  /**
   * Inserts every row of `rows`: arrays of `columns` values, which the iterable may reuse from one
   * row to the next (they are copied). Nothing is kept between calls, even when a statement throws.
   */
  insert(rows) {
    const { columns, params, rowsPerStatement } = this;
    let buffered = 0;
    try {
      for (const values of rows) {
        const base = buffered * columns;
        for (let c = 0; c < columns; c++) params[base + c] = values[c];
        if (++buffered === rowsPerStatement) {
          buffered = 0;
          this.multi.run(params);
        }
      }
      for (let r = 0; r < buffered; r++) this.single.run(params.slice(r * columns, (r + 1) * columns));
    } finally {
      params.fill(undefined); // the rows' values are not kept alive until the next call
    }
  }
}

module.exports = { BatchedInsert };
