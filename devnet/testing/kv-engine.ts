/** Test helper: KvApp + block store + engine over `home`, opened the way startDevnet does, without RPC. */
import { join } from "node:path";
import { BlockStore } from "../store/block-store";
import { Engine, type EngineOptions } from "../engine/engine";
import { buildGenesisDoc, loadOrWriteGenesis, VALIDATOR_POWER } from "../engine/genesis";
import { loadOrCreateValidatorKey } from "../engine/validator-key";
import { KvApp } from "./kv-app";

export const KV_ENGINE_CHAIN_ID = "engine-test";

export async function openKvEngine(home: string, overrides: Partial<EngineOptions> = {}, wrapApp?: (a: KvApp) => KvApp) {
  const key = loadOrCreateValidatorKey(home);
  const genesis = loadOrWriteGenesis(home, buildGenesisDoc({ chainId: KV_ENGINE_CHAIN_ID, appState: { kv: { seed: "1" } }, validatorKey: key, timeMs: 1_700_000_000_000 }));
  const store = BlockStore.open(join(home, "blockstore.db"));
  const app = wrapApp ? wrapApp(new KvApp(home)) : new KvApp(home);
  let engine: Engine;
  try {
    engine = await Engine.create({
      app,
      store,
      genesis,
      chain: { chainId: KV_ENGINE_CHAIN_ID, validator: key, power: VALIDATOR_POWER, maxBlockBytes: 4 * 1024 * 1024, maxBlockGas: -1 },
      blockTimeMs: 1000,
      ...overrides,
    });
  } catch (error) {
    // As startDevnet does: a refused start (e.g. a HandshakeError) leaves no index thread behind to
    // open files the test is about to delete.
    await app.close();
    await store.close();
    throw error;
  }
  return {
    engine,
    store,
    app,
    close: async () => {
      await engine.stop();
      await app.close();
      await store.close();
    },
  };
}
