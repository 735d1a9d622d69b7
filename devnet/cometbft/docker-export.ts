/**
 * The Docker devnet's `--export`: its state as a genesis file, as `npm run devnet -- --export`
 * gives an embedded devnet's and `--engine cometbft --export` a local network's. The state lives
 * in the app0 container's volume, so the export runs in a one-off container of the app image with
 * that volume and node0's config mounted (network-export.ts's CLI), after checking that app0 is
 * stopped: the home lock cannot see a process in another container.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { DevnetError } from "../engine/errors";
import type { GenesisDoc } from "../engine/genesis";
import { APP_IMAGE } from "./docker-compose";

export interface DockerExportOptions {
  /** The directory holding docker-compose.yml and docker/network/ (devnet/, or a `--genesis --out` dir). */
  readonly out: string;
  /** The compose project (`-p`); compose's default is the directory's name. */
  readonly project: string;
}

function docker(args: readonly string[]): string {
  return execFileSync("docker", [...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
}

export function exportDockerNetworkState(options: DockerExportOptions): GenesisDoc {
  const config = join(resolve(options.out), "docker", "network", "node0", "config");
  if (!existsSync(join(config, "genesis.json"))) throw new DevnetError(`${config}/genesis.json is missing: --out names the directory of the compose project`);
  const label = (key: string, value: string) => ["--filter", `label=com.docker.compose.${key}=${value}`];
  const running = docker(["ps", "-q", ...label("project", options.project), ...label("service", "app0")]).trim();
  if (running !== "") throw new DevnetError(`app0 of compose project "${options.project}" is running: stop the network first (docker compose stop)`);
  const volume = `${options.project}_app0-data`;
  try {
    docker(["volume", "inspect", volume]);
  } catch {
    throw new DevnetError(`no volume ${volume}: has project "${options.project}" run? (--project names the compose project; compose's default is the directory's name)`);
  }
  const json = docker([
    "run", "--rm", "-v", `${volume}:/data`, "-v", `${config}:/genesis:ro`, "--entrypoint", "/usr/local/bin/node", APP_IMAGE,
    "--require", "./scripts/ts-loader.cjs", "devnet/cometbft/network-export.ts", "--genesis", "/genesis/genesis.json", "--app-home", "/data/app", "--config", "fieldnet.config.ts",
  ]);
  return JSON.parse(json) as GenesisDoc;
}
