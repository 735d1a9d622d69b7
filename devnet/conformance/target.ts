/**
 * A chain the conformance suites run against: the embedded devnet today, CometBFT processes and
 * the docker compose devnet later. The suites only need an RPC URL and funded mnemonics.
 */
export interface ConformanceTarget {
  readonly name: string;
  /** RPC URL to send txs to. */
  readonly rpcUrl: string;
  /** RPC URL to read results from (another node on multi-validator targets). */
  readonly readRpcUrl: string;
  readonly chainId: string;
  readonly denom: string;
  readonly prefix: string;
  readonly minGasPrice: string;
  /** Funded accounts; each suite uses its own (by index) so suites never share a sequence. */
  readonly mnemonics: readonly string[];
  stop(): Promise<void>;
}
