/** Typed API errors: each maps to one gRPC status and names the offending field. */
import { status } from "@grpc/grpc-js";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(readonly code: status, message: string) {
    super(message);
  }
}

export const invalid = (field: string, why: string) => new ApiError(status.INVALID_ARGUMENT, `${field}: ${why}`);
export const notFound = (what: string) => new ApiError(status.NOT_FOUND, `${what} not found`);
