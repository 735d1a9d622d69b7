/** registry invariants: every device is in exactly the indexes its record says. */
import type { Invariant } from "../app/module";
import { storeKey } from "../app/context";
import { byNetworkTypePrefix, byOwnerPrefix, byStatusPrefix, indexKey } from "./keys";
import type { RegistryKeeper } from "./keeper";

const REGISTRY = storeKey("registry");

export function registryInvariants(keeper: RegistryKeeper): Invariant[] {
  return [
    {
      name: "registry/indexes",
      check: (ctx) => {
        const store = ctx.unmeteredStore(REGISTRY);
        let devices = 0;
        for (const device of keeper.allDevices(ctx)) {
          devices++;
          for (const prefix of [byOwnerPrefix(device.owner), byNetworkTypePrefix(device.networkType), byStatusPrefix(device.status)]) {
            if (!store.has(indexKey(prefix, device.id))) return `device ${device.id} is missing from an index`;
          }
        }
        let indexed = 0;
        for (const status of [1, 2]) for (const _id of keeper.idsUnder(ctx, byStatusPrefix(status))) indexed++;
        return indexed === devices ? undefined : `${devices} devices but ${indexed} status index entries`;
      },
    },
  ];
}
