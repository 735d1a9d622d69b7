/**
 * A small HTTP client for the gateway: what a device (or a fleet simulator) uses to hand proofs
 * over. Retries 429 after the Retry-After the gateway sends, and a request whose answer was lost
 * (connection reset, refused): posting is idempotent, so a proof the first attempt stored comes
 * back as "duplicate", which, like "queued", means it is on the gateway's disk.
 */
import type { Proof } from "../../generated/depin/proofs/v1/types";
import { proofToJson } from "../device/proofs";
import type { ProofRecord } from "./queue";
import type { ProofResult } from "./server";

export interface SubmitAnswer {
  readonly httpStatus: number;
  readonly results: ProofResult[];
  /** How many 429 answers were waited out. */
  readonly throttled: number;
}

export class GatewayClient {
  constructor(
    readonly url: string,
    private readonly options: { maxRetries?: number; networkRetries?: number } = {},
  ) {}

  /**
   * Posts proofs; on 429 waits Retry-After seconds and tries again (up to maxRetries, default 120);
   * when the request fails without an answer, tries again after 200 ms (up to networkRetries,
   * default 3), then throws.
   */
  async submit(proofs: readonly Proof[]): Promise<SubmitAnswer> {
    const body = JSON.stringify(proofs.length === 1 ? proofToJson(proofs[0]) : { proofs: proofs.map(proofToJson) });
    let throttled = 0;
    let failures = 0;
    for (;;) {
      let res: Response;
      try {
        res = await fetch(`${this.url}/v1/proofs`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      } catch (error) {
        if (++failures > (this.options.networkRetries ?? 3)) throw error;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const json = (await res.json()) as { results?: ProofResult[]; error?: string; reason?: string };
      if (res.status === 429 && throttled < (this.options.maxRetries ?? 120)) {
        throttled++;
        await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? "1") * 1000));
        continue;
      }
      const results = json.results ?? proofs.map((p) => ({ deviceId: p.deviceId, sequence: p.sequence.toString(), status: "refused" as const, reason: json.reason, error: json.error }));
      return { httpStatus: res.status, results, throttled };
    }
  }

  /** Posts raw JSON (for tests of malformed input). */
  async postRaw(body: string): Promise<{ httpStatus: number; json: unknown; retryAfter: string | null }> {
    const res = await fetch(`${this.url}/v1/proofs`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    return { httpStatus: res.status, json: await res.json(), retryAfter: res.headers.get("retry-after") };
  }

  async outcome(deviceId: string, sequence: bigint | number): Promise<ProofRecord | undefined> {
    const res = await fetch(`${this.url}/v1/proofs/${deviceId}/${sequence}`);
    if (res.status === 404) return undefined;
    return (await res.json()) as ProofRecord;
  }

  async status<T = Record<string, unknown>>(): Promise<T> {
    return (await (await fetch(`${this.url}/v1/status`)).json()) as T;
  }

  /** Resolves when nothing is queued or in flight (or throws after timeoutMs); asks every pollMs. */
  async drained(timeoutMs = 120_000, pollMs = 200): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.status<{ proofs: { queued: number; inflight: number } }>();
      if (s.proofs.queued === 0 && s.proofs.inflight === 0) return;
      if (Date.now() > deadline) throw new Error(`gateway not drained after ${timeoutMs} ms: ${JSON.stringify(s.proofs)}`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
