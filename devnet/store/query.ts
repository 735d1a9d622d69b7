/**
 * CometBFT's event query language (pubsub/query): conditions `key OP operand` joined by AND.
 * Operators: = < <= > >= CONTAINS EXISTS. Operands: 'single quoted string', a number, or
 * `TIME 2006-01-02T15:04:05Z` / `DATE 2006-01-02`. Used by tx_search/block_search (compiled to SQL
 * in search.ts) and by WebSocket subscriptions (matched in memory by `matchesEvents`).
 */

export type QueryOperator = "=" | "<" | "<=" | ">" | ">=" | "CONTAINS" | "EXISTS";

export type QueryOperand =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly value: number; readonly text: string }
  | { readonly kind: "time"; readonly value: number; readonly text: string }
  | { readonly kind: "none" };

export interface QueryCondition {
  /** Composite key `<event type>.<attribute key>`, e.g. `message.sender`, `tm.event`, `tx.height`. */
  readonly key: string;
  readonly op: QueryOperator;
  readonly operand: QueryOperand;
}

export interface Query {
  readonly text: string;
  readonly conditions: readonly QueryCondition[];
}

export class QuerySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuerySyntaxError";
  }
}

const KEY_RE = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*/;

export function parseQuery(text: string): Query {
  const conditions: QueryCondition[] = [];
  let rest = text.trim();
  if (rest === "") throw new QuerySyntaxError("empty query");
  for (;;) {
    const keyMatch = KEY_RE.exec(rest);
    if (!keyMatch) throw new QuerySyntaxError(`expected an event key at "${rest}"`);
    const key = keyMatch[0];
    rest = rest.slice(key.length).trimStart();
    const opMatch = /^(<=|>=|=|<|>|CONTAINS\b|EXISTS\b)/.exec(rest);
    if (!opMatch) throw new QuerySyntaxError(`expected an operator after "${key}" at "${rest}"`);
    const op = opMatch[1] as QueryOperator;
    rest = rest.slice(op.length).trimStart();
    let operand: QueryOperand = { kind: "none" };
    if (op !== "EXISTS") {
      const parsed = parseOperand(rest);
      operand = parsed.operand;
      rest = parsed.rest.trimStart();
      if (op === "CONTAINS" && operand.kind !== "string") {
        throw new QuerySyntaxError(`CONTAINS needs a quoted string operand for "${key}"`);
      }
    }
    conditions.push({ key, op, operand });
    if (rest === "") break;
    const and = /^AND\s+/i.exec(rest);
    if (!and) throw new QuerySyntaxError(`expected AND at "${rest}"`);
    rest = rest.slice(and[0].length);
  }
  return { text, conditions };
}

function parseOperand(rest: string): { operand: QueryOperand; rest: string } {
  if (rest.startsWith("'")) {
    const end = rest.indexOf("'", 1);
    if (end < 0) throw new QuerySyntaxError(`unterminated string at "${rest}"`);
    return { operand: { kind: "string", value: rest.slice(1, end) }, rest: rest.slice(end + 1) };
  }
  const time = /^(TIME|DATE)\s+(\S+)/.exec(rest);
  if (time) {
    const ms = Date.parse(time[1] === "DATE" ? `${time[2]}T00:00:00Z` : time[2]);
    if (Number.isNaN(ms)) throw new QuerySyntaxError(`invalid ${time[1]} "${time[2]}"`);
    return { operand: { kind: "time", value: ms, text: time[2] }, rest: rest.slice(time[0].length) };
  }
  const num = /^-?\d+(\.\d+)?/.exec(rest);
  if (num) return { operand: { kind: "number", value: Number(num[0]), text: num[0] }, rest: rest.slice(num[0].length) };
  throw new QuerySyntaxError(`expected a quoted string, number, TIME or DATE at "${rest}"`);
}

/**
 * CometBFT compares numerically when the operand is a number: the attribute value must parse as a
 * number (a leading number is enough, e.g. "100ufield" counts as 100, like its kv indexer).
 */
export function numericValue(value: string): number | null {
  const m = /^-?\d+(\.\d+)?/.exec(value.trim());
  return m ? Number(m[0]) : null;
}

export function matchValue(cond: QueryCondition, value: string): boolean {
  const { op, operand } = cond;
  switch (operand.kind) {
    case "none":
      return true;
    case "string":
      if (op === "CONTAINS") return value.includes(operand.value);
      if (op === "=") return value === operand.value;
      return compare(op, value.localeCompare(operand.value));
    case "number": {
      const n = numericValue(value);
      return n !== null && compare(op, n === operand.value ? 0 : n < operand.value ? -1 : 1);
    }
    case "time": {
      const t = Date.parse(value);
      return !Number.isNaN(t) && compare(op, t === operand.value ? 0 : t < operand.value ? -1 : 1);
    }
  }
}

function compare(op: QueryOperator, cmp: number): boolean {
  switch (op) {
    case "=":
      return cmp === 0;
    case "<":
      return cmp < 0;
    case "<=":
      return cmp <= 0;
    case ">":
      return cmp > 0;
    case ">=":
      return cmp >= 0;
    default:
      return false;
  }
}

/** Pubsub matching (WebSocket subscriptions): every condition must hold for some value of its key. */
export function matchesEvents(query: Query, events: Readonly<Record<string, readonly string[]>>): boolean {
  return query.conditions.every((cond) => {
    const values = events[cond.key];
    if (!values || values.length === 0) return false;
    return cond.op === "EXISTS" || values.some((v) => matchValue(cond, v));
  });
}
