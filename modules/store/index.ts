export * from "./types";
export * from "./bytes";
export { MemoryKVStore } from "./memory-store";
export { CacheKVStore, branchStore, type Change } from "./branch-store";
export { prefixStore, readonlyPrefixStore } from "./prefix-store";
export { openCommitStore, SqliteCommitStore, type CommitStoreOptions, type StoreChange } from "./commit-store";
export { EMPTY_ROOT } from "./merkle-node";
export { verifyProof, type MerkleProof, type ProofStep } from "./merkle-proof";
