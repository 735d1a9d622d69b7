#!/usr/bin/env node
// ts-proto v2 emits @bufbuild/protobuf/wire readers, but the Cosmos types we embed come from
// cosmjs-types, whose decoders only accept their own BinaryReader. Pointing our generated code at
// cosmjs-types/binary keeps one reader/writer implementation across both sets of messages.
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..", "generated");
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith(".ts")) {
      const before = fs.readFileSync(full, "utf8");
      const after = before
        .replace(/from "@bufbuild\/protobuf\/wire"/g, 'from "cosmjs-types/binary"')
        // cosmjs-types' writer closes a length-delimited field with ldelim(), not join()
        .replace(/\.join\(\);/g, ".ldelim();")
        // cosmjs-types' skip(n) skips n bytes; skipType(wireType) is the by-wire-type skip
        .replace(/reader\.skip\(tag & 7\)/g, "reader.skipType(tag & 7)")
        // keep bigint fields bigint in fromPartial, as cosmjs-types does, so partials nest
        .replace(/export type DeepPartial<T> = T extends bigint \? string \| number \| bigint\n\s*: /g, "export type DeepPartial<T> = ");
      if (after !== before) fs.writeFileSync(full, after);
    }
  }
}
walk(root);
