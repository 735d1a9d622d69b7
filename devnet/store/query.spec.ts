import { matchesEvents, parseQuery, QuerySyntaxError } from "./query";

describe("CometBFT query language", () => {
  it("parses conditions joined by AND with every operator", () => {
    const q = parseQuery("tm.event='Tx' AND tx.height>=5 AND transfer.amount CONTAINS 'ufield' AND app.key EXISTS AND block.time < TIME 2024-01-01T00:00:00Z");
    expect(q.conditions.map((c) => c.op)).toEqual(["=", ">=", "CONTAINS", "EXISTS", "<"]);
    expect(q.conditions[1].operand).toMatchObject({ kind: "number", value: 5 });
  });

  it("rejects malformed queries with a typed error", () => {
    for (const bad of ["", "tx.height", "tx.height = ", "a='x' OR b='y'", "a='unterminated"]) {
      expect(() => parseQuery(bad)).toThrow(QuerySyntaxError);
    }
  });

  it("matches pubsub event maps numerically and by string", () => {
    const events = { "tm.event": ["Tx"], "transfer.amount": ["150ufield"], "message.sender": ["depin1a"] };
    expect(matchesEvents(parseQuery("tm.event='Tx' AND transfer.amount > 100"), events)).toBe(true);
    expect(matchesEvents(parseQuery("transfer.amount > 200"), events)).toBe(false);
    expect(matchesEvents(parseQuery("message.sender='depin1b'"), events)).toBe(false);
    expect(matchesEvents(parseQuery("message.sender EXISTS"), events)).toBe(true);
  });
});
