/** Typed errors of the devnet engine, so callers branch on class, not on message text. */

export class DevnetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stored chain and the application disagree (app hash mismatch, app ahead of the block store). */
export class HandshakeError extends DevnetError {}

/** The home directory holds a chain built from another genesis (chain-id, accounts, app state). */
export class GenesisMismatchError extends DevnetError {}

export class MempoolFullError extends DevnetError {}

export class TxTooLargeError extends DevnetError {}

export class TxInCacheError extends DevnetError {
  constructor() {
    super("tx already exists in cache");
  }
}

/** The engine was stopped, or has failed, and accepts no more work. */
export class EngineStoppedError extends DevnetError {}

/** A requested height is not (yet, or any longer) in the block store. */
export class HeightUnavailableError extends DevnetError {}
