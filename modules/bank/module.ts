/** The bank module: balances, supply, MsgSend. */
import type { AppModule } from "../app/module";
import type { AddressCodec } from "../auth/address";
import { exportBankGenesis, initBankGenesis, type BankGenesis } from "./genesis";
import { totalSupplyInvariant } from "./invariants";
import type { BankKeeper } from "./keeper";
import { bankMsgs } from "./msg-server";
import { bankQueries } from "./query-server";

export function bankModule(keeper: BankKeeper, addresses: AddressCodec): AppModule {
  return {
    name: "bank",
    msgs: bankMsgs(keeper, addresses),
    queries: bankQueries(keeper, addresses),
    initGenesis: (ctx, state) => initBankGenesis(keeper, addresses, ctx, state as BankGenesis),
    exportGenesis: (ctx) => exportBankGenesis(keeper, addresses, ctx),
    invariants: [totalSupplyInvariant(keeper)],
  };
}
