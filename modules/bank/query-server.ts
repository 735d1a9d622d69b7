/** bank queries, at the Cosmos SDK's gRPC paths so cosmjs's bank extension works unmodified. */
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import { queryRoute, type QueryRoute } from "../app/module";
import { ErrInvalidRequest } from "../app/sdk-errors";
import type { AddressCodec } from "../auth/address";
import { toWireCoins } from "./coins";
import type { BankKeeper } from "./keeper";

export function bankQueries(keeper: BankKeeper, addresses: AddressCodec): QueryRoute[] {
  return [
    queryRoute("/cosmos.bank.v1beta1.Query/Balance", QueryBalanceRequest, QueryBalanceResponse, (ctx, req) => {
      if (!req.denom) throw ErrInvalidRequest.wrap("denom must not be empty");
      const amount = keeper.getBalance(ctx, addresses.decode(req.address), req.denom);
      return { balance: { denom: req.denom, amount: amount.toString() } };
    }),
    queryRoute("/cosmos.bank.v1beta1.Query/AllBalances", QueryAllBalancesRequest, QueryAllBalancesResponse, (ctx, req) => {
      // An account holds few denoms; the whole list is one page.
      const balances = toWireCoins(keeper.getAllBalances(ctx, addresses.decode(req.address)));
      return { balances, pagination: { nextKey: new Uint8Array(), total: BigInt(balances.length) } };
    }),
    queryRoute("/cosmos.bank.v1beta1.Query/TotalSupply", QueryTotalSupplyRequest, QueryTotalSupplyResponse, (ctx) => {
      const supply = toWireCoins(keeper.totalSupply(ctx));
      return { supply, pagination: { nextKey: new Uint8Array(), total: BigInt(supply.length) } };
    }),
    queryRoute("/cosmos.bank.v1beta1.Query/SupplyOf", QuerySupplyOfRequest, QuerySupplyOfResponse, (ctx, req) => {
      if (!req.denom) throw ErrInvalidRequest.wrap("denom must not be empty");
      return { amount: { denom: req.denom, amount: keeper.getSupply(ctx, req.denom).toString() } };
    }),
  ];
}
