/** CLI output: text for people, `--output json` for scripts; errors with exit codes a shell can branch on. */
import { FieldnetProofError, FieldnetQueryError, FieldnetTimeoutError, FieldnetTxError, FieldnetValidationError } from "../errors";

/** Exit codes (documented in `fieldnet --help` and the README). */
export const ExitCode = {
  Ok: 0,
  Error: 1,
  Usage: 2,
  /** The chain refused the tx (CheckTx or in a block). */
  TxFailed: 3,
  NotFound: 4,
  /** Node or gateway unreachable. */
  Unreachable: 5,
  /** Tx sent but not seen in a block in time. */
  Timeout: 6,
  /** A `--prove` read whose proof was missing or did not match the app hash. */
  ProofFailed: 7,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Error,
  ) {
    super(message);
  }
}

export type OutputFormat = "text" | "json";

/** JSON with bigint as decimal strings and bytes as base64. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
      if (v && typeof v === "object" && (v as { type?: string }).type === "Buffer" && Array.isArray((v as { data?: unknown }).data)) return Buffer.from((v as { data: number[] }).data).toString("base64");
      return v;
    },
  );
}

export function emit(format: OutputFormat, data: unknown, text: () => string): void {
  process.stdout.write(format === "json" ? toJson(data) + "\n" : text() + "\n");
}

/** Renders key: value lines. */
export function kv(rows: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  return Object.entries(rows)
    .map(([k, v]) => `${k.padEnd(width)}  ${typeof v === "string" ? v : toJson(v)}`)
    .join("\n");
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof FieldnetTxError) return ExitCode.TxFailed;
  if (error instanceof FieldnetTimeoutError) return ExitCode.Timeout;
  if (error instanceof FieldnetValidationError) return ExitCode.Usage;
  if (error instanceof FieldnetProofError) return ExitCode.ProofFailed;
  if (error instanceof FieldnetQueryError) return error.codespace === "sdk" && error.code === 38 ? ExitCode.NotFound : ExitCode.Error;
  const text = String((error as Error)?.message ?? error);
  if (/ECONNREFUSED|fetch failed|ENOTFOUND|socket hang up/.test(text) || /ECONNREFUSED/.test(String((error as { cause?: unknown })?.cause))) return ExitCode.Unreachable;
  return ExitCode.Error;
}

export function reportError(error: unknown, format: OutputFormat, node?: string): number {
  const code = exitCodeFor(error);
  let message = error instanceof Error ? error.message : String(error);
  if (code === ExitCode.Unreachable) message = `cannot reach ${node ?? "the node"} (${message}): is the devnet running? start it with \`fieldnet devnet\` or pass --node <url>`;
  const extra = error instanceof FieldnetTxError || error instanceof FieldnetQueryError ? { codespace: error.codespace, code: error.code, log: error.log } : {};
  if (format === "json") process.stderr.write(toJson({ error: message, exitCode: code, ...extra }) + "\n");
  else process.stderr.write(`error: ${message}\n`);
  return code;
}
