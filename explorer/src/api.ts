/**
 * The explorer's only data source: the indexer's public API through its JSON gateway
 * (POST /depin.indexer.v1.IndexerService/<Method>) and StreamEvents as Server-Sent Events. Requests
 * and responses go through the generated ts-proto codecs (toJSON / fromJSON), so the page sees the
 * same typed messages a gRPC client does, defaults filled in.
 */
import { IndexerServiceDefinition, StreamEventsRequest, StreamEventsResponse } from "../../generated/depin/indexer/v1/query";

type Methods = typeof IndexerServiceDefinition.methods;
type UnaryKeys = { [K in keyof Methods]: Methods[K]["responseStream"] extends false ? K : never }[keyof Methods];
type Req<K extends keyof Methods> = Parameters<Methods[K]["requestType"]["fromPartial"]>[0];
type Res<K extends keyof Methods> = ReturnType<Methods[K]["responseType"]["fromJSON"]>;

/** A failed call: HTTP status, the gRPC code name and the server's message. */
export class ApiCallError extends Error {
  override readonly name = "ApiCallError";
  constructor(readonly method: string, readonly httpStatus: number, readonly code: string, message: string) {
    super(`${method}: ${message}`);
  }
}

export interface CallStats {
  /** Bytes of the last response body per method (the bench reads the map's payload size here). */
  readonly lastBytes: Map<string, number>;
}

export const stats: CallStats = { lastBytes: new Map() };

export async function call<K extends UnaryKeys>(key: K, request: Req<K>): Promise<Res<K>> {
  const m = IndexerServiceDefinition.methods[key];
  const body = JSON.stringify(m.requestType.toJSON(m.requestType.fromPartial(request as never) as never));
  const res = await fetch(`/${IndexerServiceDefinition.fullName}/${m.name}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  stats.lastBytes.set(m.name, text.length);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiCallError(m.name, res.status, "unknown", `not JSON (HTTP ${res.status})`);
  }
  if (!res.ok) {
    const e = json as { code?: string; message?: string };
    throw new ApiCallError(m.name, res.status, e.code ?? "unknown", e.message ?? `HTTP ${res.status}`);
  }
  return m.responseType.fromJSON(json) as Res<K>;
}

/** StreamEvents as SSE; the browser resumes after the last event id on reconnect. */
export function streamEvents(request: Partial<StreamEventsRequest>, onEvent: (e: StreamEventsResponse) => void, onError: (message: string) => void, onOpen: () => void): () => void {
  const m = IndexerServiceDefinition.methods.streamEvents;
  const q = encodeURIComponent(JSON.stringify(StreamEventsRequest.toJSON(StreamEventsRequest.fromPartial(request))));
  const source = new EventSource(`/${IndexerServiceDefinition.fullName}/${m.name}?request=${q}`);
  // Open = the server has fixed the stream's starting point: later events will arrive.
  source.onopen = () => onOpen();
  source.onmessage = (e: MessageEvent<string>) => onEvent(StreamEventsResponse.fromJSON(JSON.parse(e.data)));
  source.addEventListener("error", (e) => {
    const data = (e as MessageEvent<string>).data;
    onError(data ? ((JSON.parse(data) as { message?: string }).message ?? "stream error") : "stream interrupted; reconnecting");
  });
  return () => source.close();
}
