/** auth queries, at the Cosmos SDK's gRPC paths so cosmjs's auth extension works unmodified. */
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import {
  QueryAccountRequest,
  QueryAccountResponse,
  QueryParamsRequest,
  QueryParamsResponse,
} from "cosmjs-types/cosmos/auth/v1beta1/query";
import { queryRoute, type QueryRoute } from "../app/module";
import { AppError } from "../app/errors";
import { ErrKeyNotFound } from "../app/sdk-errors";
import type { AuthKeeper } from "./keeper";

export function authQueries(keeper: AuthKeeper): QueryRoute[] {
  return [
    queryRoute("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest, QueryAccountResponse, (ctx, req) => {
      const account = keeper.getAccount(ctx, keeper.addresses.decode(req.address));
      if (!account) {
        // cosmjs's getAccount returns null only for this gRPC NotFound wording.
        throw new AppError(
          ErrKeyNotFound.codespace,
          ErrKeyNotFound.code,
          `rpc error: code = NotFound desc = account ${req.address} not found: key not found`,
        );
      }
      const value = BaseAccount.encode({
        address: req.address,
        pubKey: account.pubKey,
        accountNumber: account.accountNumber,
        sequence: account.sequence,
      }).finish();
      return { account: { typeUrl: "/cosmos.auth.v1beta1.BaseAccount", value } };
    }),
    queryRoute("/cosmos.auth.v1beta1.Query/Params", QueryParamsRequest, QueryParamsResponse, (ctx) => ({
      params: keeper.getParams(ctx),
    })),
  ];
}
