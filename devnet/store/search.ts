/**
 * Compiles a parsed CometBFT query to SQL over the event-attribute index. Conditions on the same
 * event type must hold within one event (CometBFT >= v0.37 kv indexer semantics: `transfer.sender='a'
 * AND transfer.amount='5'` only matches a transfer event carrying both), conditions on different
 * types only within the same tx (or block).
 */
import type { Query, QueryCondition } from "./query";
import { QuerySyntaxError } from "./query";

export interface CompiledSearch {
  readonly where: string;
  readonly params: unknown[];
}

function valueClause(alias: string, cond: QueryCondition, params: unknown[]): string {
  const { op, operand } = cond;
  switch (operand.kind) {
    case "none":
      return "1";
    case "string":
      params.push(operand.value);
      return op === "CONTAINS" ? `instr(${alias}.value, ?) > 0` : `${alias}.value ${op} ?`;
    case "number":
      params.push(operand.value);
      return `q_num(${alias}.value) ${op} ?`;
    case "time":
      params.push(operand.value);
      return `q_time(${alias}.value) ${op} ?`;
  }
}

function eventType(key: string): string {
  const dot = key.indexOf(".");
  return dot < 0 ? key : key.slice(0, dot);
}

/**
 * @param table the event table (`tx_events` keyed by height+idx, `block_events` keyed by height)
 * @param rowKeys the columns identifying a result row in both the outer table and `table`
 * @param special handlers for keys that are columns rather than attributes (tx.hash, tx.height)
 */
export function compileSearch(
  query: Query,
  table: string,
  outer: string,
  rowKeys: readonly string[],
  special: Readonly<Record<string, (cond: QueryCondition, params: unknown[]) => string>>,
): CompiledSearch {
  const params: unknown[] = [];
  const clauses: string[] = [];
  const groups = new Map<string, QueryCondition[]>();
  for (const cond of query.conditions) {
    const handler = special[cond.key];
    if (handler) {
      clauses.push(handler(cond, params));
      continue;
    }
    // tm.event is a pubsub-only key; CometBFT's indexer does not store it.
    if (cond.key === "tm.event") continue;
    const type = eventType(cond.key);
    groups.set(type, [...(groups.get(type) ?? []), cond]);
  }
  for (const conds of groups.values()) {
    const joins: string[] = [];
    const wheres: string[] = [];
    const groupParams: unknown[] = [];
    conds.forEach((cond, i) => {
      const a = `e${i}`;
      if (i > 0) {
        const on = [...rowKeys, "seq"].map((k) => `${a}.${k} = e0.${k}`).join(" AND ");
        joins.push(`JOIN ${table} ${a} ON ${on}`);
      }
      groupParams.push(cond.key);
      wheres.push(`${a}.ckey = ?`);
      wheres.push(valueClause(a, cond, groupParams));
    });
    const cols = rowKeys.map((k) => `e0.${k}`).join(", ");
    const outerCols = rowKeys.map((k) => `${outer}.${k}`).join(", ");
    clauses.push(
      `(${outerCols}) IN (SELECT ${cols} FROM ${table} e0 ${joins.join(" ")} WHERE ${wheres.join(" AND ")})`,
    );
    params.push(...groupParams);
  }
  return { where: clauses.length ? clauses.join(" AND ") : "1", params };
}

/** `column OP operand` for special integer keys like tx.height / block.height. */
export function integerColumnClause(column: string) {
  return (cond: QueryCondition, params: unknown[]): string => {
    if (cond.op === "EXISTS") return "1";
    if (cond.operand.kind !== "number") throw new QuerySyntaxError(`${cond.key} must be compared with a number`);
    if (cond.op === "CONTAINS") throw new QuerySyntaxError(`CONTAINS is not valid for ${cond.key}`);
    params.push(cond.operand.value);
    return `${column} ${cond.op} ?`;
  };
}
