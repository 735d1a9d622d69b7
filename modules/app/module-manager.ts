/** Holds the app's modules in their fixed order and builds the routing tables from them. */
import type { Context } from "./context";
import type { AppModule, Invariant, MsgRoute, QueryRoute } from "./module";

export class ModuleManager {
  readonly msgRoutes = new Map<string, MsgRoute>();
  readonly moduleOfMsg = new Map<string, string>();
  readonly queryRoutes = new Map<string, QueryRoute>();

  constructor(readonly modules: readonly AppModule[]) {
    const names = new Set<string>();
    for (const module of modules) {
      if (names.has(module.name)) throw new Error(`module "${module.name}" is registered twice`);
      names.add(module.name);
      for (const route of module.msgs ?? []) {
        if (this.msgRoutes.has(route.typeUrl)) throw new Error(`Msg ${route.typeUrl} has two handlers`);
        this.msgRoutes.set(route.typeUrl, route);
        this.moduleOfMsg.set(route.typeUrl, module.name);
      }
      for (const route of module.queries ?? []) {
        if (this.queryRoutes.has(route.path)) throw new Error(`query ${route.path} has two handlers`);
        this.queryRoutes.set(route.path, route);
      }
    }
  }

  /** Genesis is applied in module order; a module's missing section means "defaults". */
  initGenesis(ctx: Context, appState: Record<string, unknown>): void {
    const known = new Set(this.modules.map((module) => module.name));
    for (const section of Object.keys(appState)) {
      if (!known.has(section)) throw new Error(`genesis app_state has a section "${section}" for which no module is registered`);
    }
    for (const module of this.modules) {
      if (module.initGenesis) module.initGenesis(ctx, appState[module.name]);
    }
  }

  exportGenesis(ctx: Context): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const module of this.modules) {
      if (module.exportGenesis) state[module.name] = module.exportGenesis(ctx);
    }
    return state;
  }

  beginBlock(ctx: Context): void {
    for (const module of this.modules) module.beginBlock?.(ctx);
  }

  endBlock(ctx: Context): void {
    for (const module of this.modules) module.endBlock?.(ctx);
  }

  get invariants(): Invariant[] {
    return this.modules.flatMap((module) => module.invariants ?? []);
  }
}
