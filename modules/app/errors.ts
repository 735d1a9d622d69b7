/**
 * Typed, registered errors in the Cosmos SDK style (`errors.Register(codespace, code, desc)`).
 * Callers branch on `codespace` + `code`, never on message text. The ABCI layer turns an AppError
 * into a result's `codespace`/`code`/`log`.
 */

export class AppError extends Error {
  constructor(
    readonly codespace: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  /** True when this error was created from `definition` (same codespace and code). */
  is(definition: ErrorDefinition): boolean {
    return this.codespace === definition.codespace && this.code === definition.code;
  }
}

export interface ErrorDefinition {
  readonly codespace: string;
  readonly code: number;
  readonly description: string;
  /** A new error of this kind; the message reads "<detail>: <description>" as the SDK's Wrap does. */
  wrap(detail: string): AppError;
  /** A new error of this kind whose message is just the description. */
  error(): AppError;
}

const registry = new Map<string, ErrorDefinition>();

export function registerError(codespace: string, code: number, description: string): ErrorDefinition {
  if (code <= 1) throw new Error(`error code ${code} is reserved (0 = OK, 1 = internal)`);
  const id = `${codespace}:${code}`;
  if (registry.has(id)) throw new Error(`error ${id} is registered twice`);
  const definition: ErrorDefinition = {
    codespace,
    code,
    description,
    wrap: (detail) => new AppError(codespace, code, `${detail}: ${description}`),
    error: () => new AppError(codespace, code, description),
  };
  registry.set(id, definition);
  return definition;
}

/** Every registered error, in registration order (for mirrors such as chain-client/codes.ts to check against). */
export function registeredErrors(): ErrorDefinition[] {
  return [...registry.values()];
}

export function lookupError(codespace: string, code: number): ErrorDefinition | undefined {
  return registry.get(`${codespace}:${code}`);
}

/** Code 1 in the "undefined" codespace: an unexpected failure, as the SDK reports panics. */
export const INTERNAL_CODESPACE = "undefined";
export const INTERNAL_CODE = 1;

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(INTERNAL_CODESPACE, INTERNAL_CODE, `internal error: ${message}`);
}
