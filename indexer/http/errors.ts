/**
 * HTTP errors of the explorer server and JSON gateway. Bodies follow the Connect protocol's error
 * shape, `{"code": "invalid_argument", "message": "limit: must be at most 1000 (got 5000)"}`, and the
 * HTTP status follows Connect's mapping from gRPC codes.
 */
import { status } from "@grpc/grpc-js";
import { ApiError } from "../api/errors";

export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(readonly httpStatus: number, readonly code: string, message: string) {
    super(message);
  }
}

const HTTP_OF: Readonly<Record<number, number>> = {
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
};

/** "INVALID_ARGUMENT" -> "invalid_argument" (Connect's code names). */
export function codeName(code: status): string {
  return (status[code] ?? "UNKNOWN").toLowerCase();
}

export function fromApiError(error: ApiError): HttpError {
  return new HttpError(HTTP_OF[error.code] ?? 500, codeName(error.code), error.message);
}

export const badRequest = (message: string) => new HttpError(400, "invalid_argument", message);
