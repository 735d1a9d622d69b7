/**
 * Genesis sections of the DePIN modules from a network config (`depin` + `plugins`): the one
 * generator every driver uses (devnet, CometBFT homes, test kit). Output is proto JSON.
 */
import { GenesisState as RegistryGenesis } from "../../generated/depin/registry/v1/genesis";
import { GenesisState as ProofsGenesis } from "../../generated/depin/proofs/v1/genesis";
import { GenesisState as RewardsGenesis } from "../../generated/depin/rewards/v1/genesis";
import { FeeDestination } from "../../generated/depin/registry/v1/types";
import { canonicalJsonBytes } from "../plugin/canonical-json";
import type { GenesisAccount, NetworkConfig } from "../app/network-config";
import { DEFAULT_REGISTRY_PARAMS } from "./params";
import { DEFAULT_PROOFS_PARAMS } from "../proofs/params";
import { DEFAULT_REWARDS_PARAMS } from "../rewards/params";

export interface DepinGenesisSections {
  readonly registry: unknown;
  readonly proofs: unknown;
  readonly rewards: unknown;
}

function resolveAuthority(config: NetworkConfig, accounts: readonly GenesisAccount[]): string {
  const authority = config.depin?.authority ?? { devAccount: 0 };
  if (typeof authority === "string") return authority;
  const account = accounts[authority.devAccount];
  // No configured authority and no accounts: governance Msgs are simply unavailable.
  if (!account && config.depin?.authority === undefined) return "";
  if (!account) throw new Error(`depin.authority refers to dev account ${authority.devAccount}, but there are only ${accounts.length} genesis accounts`);
  return account.address;
}

export function buildDepinGenesis(config: NetworkConfig, accounts: readonly GenesisAccount[]): DepinGenesisSections {
  const depin = config.depin ?? {};
  const plugins = config.plugins ?? [];
  const networkTypes = (depin.networkTypes ?? []).map((nt) => {
    const plugin = plugins.find((p) => p.type === nt.plugin);
    if (!plugin) throw new Error(`depin.networkTypes: plugin "${nt.plugin}" is not in config.plugins`);
    return {
      name: nt.name ?? plugin.type,
      plugin: plugin.type,
      pluginVersion: nt.version ?? plugin.version,
      paramsJson: canonicalJsonBytes(nt.params),
      enabled: true,
      updatedHeight: 0n,
      weight: BigInt(nt.weight ?? 1),
      usageShareBps: nt.usage?.shareBps ?? 0,
    };
  });
  networkTypes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const reg = depin.registry ?? {};
  const fee = reg.onboardingFee && reg.onboardingFee !== "0" ? { denom: config.denom, amount: reg.onboardingFee } : undefined;
  const registry = RegistryGenesis.toJSON({
    params: {
      ...DEFAULT_REGISTRY_PARAMS,
      onboardingFee: fee,
      onboardingFeeDestination: reg.onboardingFeeDestination === "reward_pool" ? FeeDestination.FEE_DESTINATION_REWARD_POOL : FeeDestination.FEE_DESTINATION_BURN,
      locationResolution: reg.locationResolution ?? DEFAULT_REGISTRY_PARAMS.locationResolution,
      maxMetadataBytes: reg.maxMetadataBytes ?? DEFAULT_REGISTRY_PARAMS.maxMetadataBytes,
    },
    networkTypes: networkTypes.map(({ weight: _weight, usageShareBps: _usage, ...nt }) => nt),
    devices: [],
    authority: resolveAuthority(config, accounts),
    totalBurned: "0",
  });
  const p = depin.proofs ?? {};
  const proofs = ProofsGenesis.toJSON({
    params: {
      maxBatchSize: p.maxBatchSize ?? DEFAULT_PROOFS_PARAMS.maxBatchSize,
      timestampPastWindowMs: BigInt(p.timestampPastWindowMs ?? DEFAULT_PROOFS_PARAMS.timestampPastWindowMs),
      timestampFutureWindowMs: BigInt(p.timestampFutureWindowMs ?? DEFAULT_PROOFS_PARAMS.timestampFutureWindowMs),
      gasPerProof: BigInt(p.gasPerProof ?? DEFAULT_PROOFS_PARAMS.gasPerProof),
      maxPayloadBytes: p.maxPayloadBytes ?? DEFAULT_PROOFS_PARAMS.maxPayloadBytes,
      outcomeHistoryPerDevice: p.outcomeHistoryPerDevice ?? DEFAULT_PROOFS_PARAMS.outcomeHistoryPerDevice,
    },
    deviceStates: [],
    outcomes: [],
    pluginStore: [],
  });
  const r = depin.rewards ?? {};
  const d = DEFAULT_REWARDS_PARAMS;
  const rewards = RewardsGenesis.toJSON({
    params: {
      epochLengthBlocks: BigInt(r.epochLengthBlocks ?? d.epochLengthBlocks),
      denom: config.denom,
      initialEmissionPerEpoch: r.initialEmissionPerEpoch ?? d.initialEmissionPerEpoch,
      decayNumerator: BigInt(r.decayNumerator ?? d.decayNumerator),
      decayDenominator: BigInt(r.decayDenominator ?? d.decayDenominator),
      decayIntervalEpochs: BigInt(r.decayIntervalEpochs ?? d.decayIntervalEpochs),
      emissionCap: r.emissionCap ?? d.emissionCap,
      networkTypeWeights: networkTypes.map((nt) => ({ networkType: nt.name, weight: nt.weight, usageShareBps: nt.usageShareBps })),
    },
    currentEpoch: 0n,
    currentEpochStartHeight: 1n,
    carriedIn: "0",
    totalEmitted: "0",
    epochs: [],
    deviceRewards: [],
    openEpochUnits: [],
    supplyBaseline: "",
    epochStartSupply: "",
    epochStartBurned: "",
    openEpochUsageUnits: [],
  });
  return { registry, proofs, rewards };
}
