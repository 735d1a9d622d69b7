/**
 * The docker compose generator's `--genesis`: the files it writes start the network from the given
 * genesis (its chain-id, initial height, genesis time and app state), signed by the generated
 * validators. scripts/docker-devnet-test.sh runs such a network for real (docker-genesis.spec.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import config from "../../fieldnet.config";
import type { GenesisDoc } from "../engine/genesis";
import { GenesisFileError } from "../genesis-file";
import { dockerFiles, main } from "./docker-compose";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "docker-compose-gen-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A genesis shaped like an export: another chain-id, a later initial height, its own time and state. */
function exportedGenesis(): GenesisDoc {
  const base = dockerFiles(config, 1).network.genesis;
  const appState = JSON.parse(JSON.stringify(base.app_state)) as { bank: { balances: Array<{ address: string; coins: Array<{ denom: string; amount: string }> }> } };
  appState.bank.balances[0].coins = [{ denom: config.denom, amount: "4242" }];
  return { ...base, chain_id: "exported-devnet-7", initial_height: "42", genesis_time: "2026-11-29T10:11:12.123456789Z", app_state: appState, validators: [] };
}

const nodeGenesis = (dir: string, i: number) => JSON.parse(readFileSync(join(dir, "docker", "network", `node${i}`, "config", "genesis.json"), "utf8")) as GenesisDoc & { validators: Array<{ address: string }> };

describe("docker-compose.ts --genesis", () => {
  it("writes node configs whose genesis is the file's chain, heights and state, with the generated validators", async () => {
    const exported = exportedGenesis();
    const file = join(root, "state.json");
    writeFileSync(file, JSON.stringify(exported));
    const out = join(root, "net");
    expect(await main(["node", "docker-compose.ts", "--genesis", file, "--out", out])).toBe(0);

    const generatedValidators = nodeGenesis(out, 0).validators.map((v) => v.address);
    expect(generatedValidators).toEqual(dockerFiles(config, 4).network.genesis.validators.map((v) => v.address));
    for (let i = 0; i < 4; i++) {
      const genesis = nodeGenesis(out, i);
      expect(genesis.chain_id).toBe("exported-devnet-7");
      expect(genesis.initial_height).toBe("42");
      expect(genesis.genesis_time).toBe("2026-11-29T10:11:12.123Z");
      expect(genesis.app_state).toEqual(exported.app_state);
      expect(genesis.validators.map((v) => v.address)).toEqual(generatedValidators);
    }
    expect(readFileSync(join(out, "docker-compose.yml"), "utf8").split("\n")[0]).toContain("from state.json (chain exported-devnet-7, initial height 42)");
    // The same inputs give the same files: --check passes on them, and fails against the config's own.
    expect(await main(["node", "docker-compose.ts", "--genesis", file, "--out", out, "--check"])).toBe(0);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["node", "docker-compose.ts", "--out", out, "--check"])).toBe(1);
    } finally {
      stderr.mockRestore();
    }
  });

  it("refuses a file that is not a genesis, saying what is wrong", async () => {
    const file = join(root, "not-genesis.json");
    writeFileSync(file, JSON.stringify({ chain_id: "x" }));
    const refused = await main(["node", "docker-compose.ts", "--genesis", file, "--out", join(root, "never")]).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(GenesisFileError);
    expect((refused as Error).message).toMatch(/app_state must be an object/);
  });
});
