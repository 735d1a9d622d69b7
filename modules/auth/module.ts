/** The auth module: accounts and tx parameters. Its ante logic lives in modules/app/tx. */
import type { AppModule } from "../app/module";
import { exportAuthGenesis, initAuthGenesis, type AuthGenesis } from "./genesis";
import type { AuthKeeper } from "./keeper";
import { authQueries } from "./query-server";

export function authModule(keeper: AuthKeeper): AppModule {
  return {
    name: "auth",
    queries: authQueries(keeper),
    initGenesis: (ctx, state) => initAuthGenesis(keeper, ctx, state as AuthGenesis),
    exportGenesis: (ctx) => exportAuthGenesis(keeper, ctx),
  };
}
