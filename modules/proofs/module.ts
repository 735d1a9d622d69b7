/** The proofs module: MsgSubmitProofs, verdicts per proof, plugin block hooks. */
import type { AppModule } from "../app/module";
import { exportProofsGenesis, initProofsGenesis } from "./genesis";
import { runOnBlockHooks } from "./hooks";
import type { ProofsKeeper } from "./keeper";
import { proofsMsgs, type AddressDecoder } from "./msg-server";
import { proofsQueries } from "./query-server";

export function proofsModule(keeper: ProofsKeeper, addresses: AddressDecoder): AppModule {
  return {
    name: "proofs",
    msgs: proofsMsgs(keeper, addresses),
    queries: proofsQueries(keeper),
    initGenesis: (ctx, state) => initProofsGenesis(keeper, ctx, state),
    exportGenesis: (ctx) => exportProofsGenesis(keeper, ctx),
    endBlock: (ctx) => runOnBlockHooks(ctx, keeper),
  };
}
