/**
 * A small key-value ABCI application for testing the devnet without the real Fieldnet app.
 * Txs are UTF-8 "key=value". CheckTx rejects anything else (code 1, codespace "kvstore");
 * FinalizeBlock fails txs whose key is "fail" (code 5) so tests see non-zero tx results.
 * State is persisted only in Commit, atomically (tmp file + rename), like a real app's store.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import {
  ResponseProcessProposal_ProposalStatus,
  type Event,
  type ExecTxResult,
  type RequestCheckTx,
  type RequestFinalizeBlock,
  type RequestInitChain,
  type RequestPrepareProposal,
  type RequestQuery,
  type ResponseCheckTx,
  type ResponseFinalizeBlock,
  type ResponseQuery,
} from "cosmjs-types/tendermint/abci/types";
import type { AbciApplication } from "../../modules/app/abci";

interface KvState {
  height: number;
  appHash: string;
  kv: Record<string, string>;
}

export interface KvGenesis {
  readonly kv?: Record<string, string>;
  readonly accounts?: readonly { address: string; amount: string }[];
}

export const KV_CODESPACE = "kvstore";
export const KV_CODE_INVALID_TX = 1;
export const KV_CODE_FAILED = 5;

function hashState(kv: Record<string, string>): Uint8Array {
  const h = createHash("sha256");
  for (const key of Object.keys(kv).sort()) h.update(`${key.length}:${key}=${kv[key].length}:${kv[key]};`);
  return new Uint8Array(h.digest());
}

function parseTx(tx: Uint8Array): { key: string; value: string } | undefined {
  const text = Buffer.from(tx).toString("utf8");
  const eq = text.indexOf("=");
  if (eq <= 0 || !/^[\x20-\x7e]*$/.test(text)) return undefined;
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

const attr = (key: string, value: string) => ({ key, value, index: true });

/** Builds the genesis app_state the kv app expects, from dev accounts. */
export function kvGenesisAppState(accounts: readonly { address: string; amount: string }[]): KvGenesis {
  return { accounts: accounts.map((a) => ({ address: a.address, amount: a.amount })) };
}

export class KvApp implements AbciApplication {
  private committed: KvState;
  private pending: Record<string, string> | undefined;
  private pendingHash: Uint8Array | undefined;
  private readonly path: string;

  constructor(home: string) {
    this.path = join(home, "kv-app.json");
    this.committed = existsSync(this.path)
      ? (JSON.parse(readFileSync(this.path, "utf8")) as KvState)
      : { height: 0, appHash: "", kv: {} };
  }

  async info() {
    return {
      data: "kvstore",
      version: "1.0.0",
      appVersion: 1n,
      lastBlockHeight: BigInt(this.committed.height),
      lastBlockAppHash: new Uint8Array(Buffer.from(this.committed.appHash, "hex")),
    };
  }

  async initChain(req: RequestInitChain) {
    const genesis = JSON.parse(Buffer.from(req.appStateBytes).toString("utf8") || "{}") as KvGenesis;
    const kv: Record<string, string> = { ...(genesis.kv ?? {}) };
    for (const a of genesis.accounts ?? []) kv[`balance/${a.address}`] = a.amount;
    this.pending = kv;
    this.pendingHash = hashState(kv);
    return { validators: [], appHash: this.pendingHash };
  }

  async checkTx(req: RequestCheckTx): Promise<ResponseCheckTx> {
    const parsed = parseTx(req.tx);
    const base = { data: new Uint8Array(), info: "", gasWanted: BigInt(req.tx.length), gasUsed: 0n, events: [] };
    if (!parsed) return { ...base, code: KV_CODE_INVALID_TX, log: "invalid tx format: want key=value", codespace: KV_CODESPACE };
    return { ...base, code: 0, log: "", codespace: "" };
  }

  async prepareProposal(req: RequestPrepareProposal) {
    return { txs: req.txs };
  }

  async processProposal() {
    return { status: ResponseProcessProposal_ProposalStatus.ACCEPT };
  }

  async finalizeBlock(req: RequestFinalizeBlock): Promise<ResponseFinalizeBlock> {
    const kv = { ...(this.pending ?? this.committed.kv) };
    const txResults: ExecTxResult[] = req.txs.map((tx) => {
      const parsed = parseTx(tx);
      const gas = BigInt(tx.length);
      if (!parsed) {
        return { code: KV_CODE_INVALID_TX, data: new Uint8Array(), log: "invalid tx format", info: "", gasWanted: gas, gasUsed: gas, events: [], codespace: KV_CODESPACE };
      }
      if (parsed.key === "fail") {
        return { code: KV_CODE_FAILED, data: new Uint8Array(), log: "failed on purpose", info: "", gasWanted: gas, gasUsed: gas, events: [], codespace: KV_CODESPACE };
      }
      kv[parsed.key] = parsed.value;
      const events: Event[] = [
        { type: "message", attributes: [attr("action", "set"), attr("sender", parsed.key), attr("module", "kvstore")] },
        { type: "app", attributes: [attr("key", parsed.key), attr("value", parsed.value), attr("size", String(parsed.value.length))] },
        { type: "transfer", attributes: [attr("recipient", parsed.value), attr("amount", `${parsed.value.length}ufield`)] },
      ];
      return { code: 0, data: new Uint8Array(), log: "", info: "", gasWanted: gas, gasUsed: gas, events, codespace: "" };
    });
    this.pending = kv;
    this.pendingHash = hashState(kv);
    return {
      events: [{ type: "block_summary", attributes: [attr("height", req.height.toString()), attr("num_txs", String(req.txs.length))] }],
      txResults,
      validatorUpdates: [],
      appHash: this.pendingHash,
    };
  }

  async commit() {
    if (!this.pending || !this.pendingHash) throw new Error("kv app: commit without finalizeBlock");
    const next: KvState = { height: this.committed.height + 1, appHash: Buffer.from(this.pendingHash).toString("hex"), kv: this.pending };
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, "w");
    writeSync(fd, JSON.stringify(next));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
    this.committed = next;
    this.pending = undefined;
    this.pendingHash = undefined;
    return { retainHeight: 0n };
  }

  async query(req: RequestQuery): Promise<ResponseQuery> {
    const key = Buffer.from(req.data).toString("utf8");
    const value = this.committed.kv[key];
    const base = { index: 0n, key: req.data, proofOps: undefined, height: BigInt(this.committed.height), info: "", codespace: "" };
    if (req.path !== "/key" && req.path !== "/store") {
      return { ...base, code: 6, log: `unknown query path ${req.path}`, value: new Uint8Array(), codespace: KV_CODESPACE };
    }
    if (value === undefined) return { ...base, code: 0, log: "does not exist", value: new Uint8Array() };
    return { ...base, code: 0, log: "exists", value: new Uint8Array(Buffer.from(value, "utf8")) };
  }

  async extendVote() {
    return { voteExtension: new Uint8Array() };
  }

  async verifyVoteExtension() {
    return { status: 1 };
  }

  async close() {
    // Nothing to release: state is a file written at each commit.
  }
}
