/*
 * The events of stored FinalizeBlock results, read straight from their protobuf bytes for the tx
 * index thread. cosmjs-types' decoders build every field of every message and decode strings in
 * JavaScript; the index needs only the txs, event types and attribute keys and values, and
 * Buffer's native UTF-8 decoding is cheaper. The wire format itself (tags, varints, skipping) is
 * read with cosmjs-types' BinaryReader. Plain CommonJS, like the thread that loads it.
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
const { BinaryReader } = require("cosmjs-types/binary");

const LENGTH_DELIMITED = 2;

/**
 * Walks the fields of the message at `[start, end)` of the reader's bytes and calls
 * `visit(fieldNumber, from, to)` for each length-delimited one (string, bytes or sub-message at
 * `[from, to)`); other fields are skipped by wire type. A field running past `end` throws.
 */
function eachLengthDelimited(reader, start, end, visit) {
  reader.pos = start;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if ((tag & 7) !== LENGTH_DELIMITED) {
      reader.skipType(tag & 7);
    } else {
      const length = reader.uint32();
      const from = reader.pos;
      const to = from + length;
      if (to > end) throw new RangeError("truncated length-delimited field");
      visit(tag >>> 3, from, to);
      reader.pos = to;
    }
    if (reader.pos > end) throw new RangeError("truncated field");
  }
}

/** One Event at `[start, end)` of `buf`: { type, attributes: [{ key, value }] }. */
function readEvent(reader, buf, start, end) {
  const event = { type: "", attributes: [] };
  eachLengthDelimited(reader, start, end, (field, from, to) => {
    if (field === 1) event.type = buf.toString("utf8", from, to);
    else if (field === 2) event.attributes.push(readAttribute(reader, buf, from, to));
  });
  return event;
}

function readAttribute(reader, buf, start, end) {
  const attribute = { key: "", value: "" };
  eachLengthDelimited(reader, start, end, (field, from, to) => {
    if (field === 1) attribute.key = buf.toString("utf8", from, to);
    else if (field === 2) attribute.value = buf.toString("utf8", from, to);
  });
  return attribute;
}

/**
 * ResponseFinalizeBlock's block events (decoded) and each tx result's bytes (views of `buf`, as
 * stored: the tx table keeps them whole).
 */
function splitFinalizeBlockResults(buf) {
  const reader = new BinaryReader(buf);
  const events = [];
  const txResults = [];
  eachLengthDelimited(reader, 0, buf.length, (field, from, to) => {
    if (field === 1) events.push(readEvent(reader, buf, from, to));
    else if (field === 2) txResults.push(buf.subarray(from, to));
  });
  return { events, txResults };
}

/** The txs of a stored Block's bytes (views of `buf`). */
function blockTxs(buf) {
  const reader = new BinaryReader(buf);
  const txs = [];
  eachLengthDelimited(reader, 0, buf.length, (field, from, to) => {
    if (field !== 2) return;
    eachLengthDelimited(reader, from, to, (dataField, txFrom, txTo) => {
      if (dataField === 1) txs.push(buf.subarray(txFrom, txTo));
    });
  });
  return txs;
}

/** The events of one ExecTxResult's bytes. */
function txResultEvents(buf) {
  const reader = new BinaryReader(buf);
  const events = [];
  eachLengthDelimited(reader, 0, buf.length, (field, from, to) => {
    if (field === 7) events.push(readEvent(reader, buf, from, to));
  });
  return events;
}

module.exports = { blockTxs, splitFinalizeBlockResults, txResultEvents };
