/*
 * The events of stored FinalizeBlock results, read straight from their protobuf bytes for the tx
 * index thread. cosmjs-types' decoders build every field of every message and decode strings in
 * JavaScript; the index needs only the txs, event types and attribute keys and values, and
 * Buffer's native UTF-8 decoding is cheaper. Plain CommonJS, like the thread that loads it.
 *
 * Shapes read (CometBFT v0.38):
 *   Block:                 2 data (Data)                     -- tendermint.types
 *   Data:                  1 txs (bytes)
 *   ResponseFinalizeBlock: 1 events (Event), 2 tx_results (ExecTxResult bytes)
 *   ExecTxResult:          7 events (Event)
 *   Event:                 1 type (string), 2 attributes (EventAttribute)
 *   EventAttribute:        1 key (string), 2 value (string)
 * Every other field is skipped by its wire type.
 */

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** A forward-only reader over `buf[pos, end)`. */
class Cursor {
  constructor(buf, pos, end) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  more() {
    return this.pos < this.end;
  }

  /** A varint of up to 53 bits (tags and lengths fit; larger values only get skipped). */
  varint() {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error("truncated varint");
      const byte = this.buf[this.pos++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }

  /** The [start, end) of the length-delimited field that follows. */
  span() {
    const length = this.varint();
    const start = this.pos;
    this.pos += length;
    if (this.pos > this.end) throw new Error("truncated length-delimited field");
    return [start, this.pos];
  }

  skip(wireType) {
    if (wireType === VARINT) this.varint();
    else if (wireType === FIXED64) this.pos += 8;
    else if (wireType === LENGTH_DELIMITED) this.span();
    else if (wireType === FIXED32) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new Error("truncated field");
  }
}

/** One Event in `buf[start, end)`: { type, attributes: [{ key, value }] }. */
function readEvent(buf, start, end) {
  const cursor = new Cursor(buf, start, end);
  let type = "";
  const attributes = [];
  while (cursor.more()) {
    const tag = cursor.varint();
    if (tag === 10) {
      const [s, e] = cursor.span();
      type = buf.toString("utf8", s, e);
    } else if (tag === 18) {
      const [s, e] = cursor.span();
      attributes.push(readAttribute(buf, s, e));
    } else cursor.skip(tag & 7);
  }
  return { type, attributes };
}

function readAttribute(buf, start, end) {
  const cursor = new Cursor(buf, start, end);
  let key = "";
  let value = "";
  while (cursor.more()) {
    const tag = cursor.varint();
    if (tag === 10) {
      const [s, e] = cursor.span();
      key = buf.toString("utf8", s, e);
    } else if (tag === 18) {
      const [s, e] = cursor.span();
      value = buf.toString("utf8", s, e);
    } else cursor.skip(tag & 7);
  }
  return { key, value };
}

/**
 * ResponseFinalizeBlock's block events (decoded) and each tx result's bytes (views of `buf`, as
 * stored: the tx table keeps them whole).
 */
function splitFinalizeBlockResults(buf) {
  const cursor = new Cursor(buf, 0, buf.length);
  const events = [];
  const txResults = [];
  while (cursor.more()) {
    const tag = cursor.varint();
    if (tag === 10) {
      const [s, e] = cursor.span();
      events.push(readEvent(buf, s, e));
    } else if (tag === 18) {
      const [s, e] = cursor.span();
      txResults.push(buf.subarray(s, e));
    } else cursor.skip(tag & 7);
  }
  return { events, txResults };
}

/** The txs of a stored Block's bytes (views of `buf`). */
function blockTxs(buf) {
  const cursor = new Cursor(buf, 0, buf.length);
  const txs = [];
  while (cursor.more()) {
    const tag = cursor.varint();
    if (tag !== 18) {
      cursor.skip(tag & 7);
      continue;
    }
    const [start, end] = cursor.span();
    const data = new Cursor(buf, start, end);
    while (data.more()) {
      const dataTag = data.varint();
      if (dataTag === 10) {
        const [s, e] = data.span();
        txs.push(buf.subarray(s, e));
      } else data.skip(dataTag & 7);
    }
  }
  return txs;
}

/** The events of one ExecTxResult's bytes. */
function txResultEvents(buf) {
  const cursor = new Cursor(buf, 0, buf.length);
  const events = [];
  while (cursor.more()) {
    const tag = cursor.varint();
    if (tag === 58) {
      const [s, e] = cursor.span();
      events.push(readEvent(buf, s, e));
    } else cursor.skip(tag & 7);
  }
  return events;
}

module.exports = { blockTxs, splitFinalizeBlockResults, txResultEvents };
