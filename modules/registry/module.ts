/** The registry module: network types bound to plugins, and devices. */
import type { AppModule } from "../app/module";
import { exportRegistryGenesis, initRegistryGenesis } from "./genesis";
import type { RegistryKeeper } from "./keeper";
import { registryMsgs, type RegistryMsgDeps } from "./msg-server";
import { registryQueries } from "./query-server";
import { registryInvariants } from "./invariants";

export function registryModule(deps: RegistryMsgDeps & { keeper: RegistryKeeper }): AppModule {
  return {
    name: "registry",
    msgs: registryMsgs(deps),
    queries: registryQueries(deps.keeper),
    initGenesis: (ctx, state) => initRegistryGenesis(deps.keeper, deps.addresses, ctx, state),
    exportGenesis: (ctx) => exportRegistryGenesis(deps.keeper, ctx),
    invariants: registryInvariants(deps.keeper),
  };
}
