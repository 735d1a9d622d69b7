/** What became of a tx the gateway sent: looked up by hash in the node's tx index. */
import type { StargateClient } from "@cosmjs/stargate";
import type { ProofOutcome } from "../../generated/depin/proofs/v1/types";
import { MsgSubmitProofsResponse } from "../../generated/depin/proofs/v1/tx";
import { TypeUrls } from "../registry";

/** What a committed tx did: its code and, on success, one outcome per proof. */
export interface TxFate {
  readonly code: number;
  readonly height: number;
  readonly outcomes: ProofOutcome[];
  readonly log?: string;
}

/** The fate of a committed tx, or undefined while it is not committed (or the lookup failed: ask again). */
export async function lookupTxFate(client: StargateClient, hash: string): Promise<TxFate | undefined> {
  const tx = await client.getTx(hash).catch(() => undefined);
  if (!tx) return undefined;
  if (tx.code !== 0) return { code: tx.code, height: tx.height, outcomes: [], log: `${tx.rawLog} (gas wanted ${tx.gasWanted}, used ${tx.gasUsed})` };
  const resp = tx.msgResponses.find((m) => m.typeUrl === `${TypeUrls.SubmitProofs}Response`);
  return { code: 0, height: tx.height, outcomes: resp ? MsgSubmitProofsResponse.decode(resp.value).outcomes : [] };
}
