/**
 * Queries compiled once. Building and compiling a Kysely query costs about as much as SQLite
 * answering a point lookup, so hot lookups are compiled on first use (per database, hence per
 * dialect) with a marker in place of their one parameter, and later calls only bind the value.
 * On SQLite, outside a write transaction, they run synchronously (see syncReaderOf).
 */
import { CompiledQuery, type Compilable, type Kysely } from "kysely";
import { syncReaderOf } from "./open";

const MARKER = "\u0000compiled-once-parameter";

interface Shape {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly slots: readonly number[];
}

export function compiledOnce<DB, O>(build: (db: Kysely<DB>, value: string) => Compilable<O>): (db: Kysely<DB>, value: string) => Promise<O[]> {
  const shapes = new WeakMap<Kysely<DB>, Shape>();
  return async (db, value) => {
    let shape = shapes.get(db);
    if (shape === undefined) {
      const compiled = build(db, MARKER).compile();
      const slots = compiled.parameters.flatMap((p, i) => (p === MARKER ? [i] : []));
      if (slots.length === 0) throw new Error("compiledOnce: the query does not use its parameter");
      shape = { sql: compiled.sql, parameters: compiled.parameters, slots };
      shapes.set(db, shape);
    }
    const parameters = shape.parameters.slice();
    for (const i of shape.slots) parameters[i] = value;
    const rows = syncReaderOf(db)?.(shape.sql, parameters);
    if (rows !== undefined) return rows as O[];
    return (await db.executeQuery<O>(CompiledQuery.raw(shape.sql, parameters))).rows;
  };
}
