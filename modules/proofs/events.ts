/** Typed events of the proofs module (type = proto full name, attributes = proto-JSON field values). */
import type { EventManager } from "../app/events";
import { emitTyped } from "../app/events";
import { EventParamsUpdated, EventPluginVerdict, EventProofAccepted, EventProofRejected } from "../../generated/depin/proofs/v1/events";

const PKG = "depin.proofs.v1";

export const proofsEvents = {
  proofAccepted: (events: EventManager, e: EventProofAccepted) => emitTyped(events, `${PKG}.EventProofAccepted`, EventProofAccepted, e),
  proofRejected: (events: EventManager, e: EventProofRejected) => emitTyped(events, `${PKG}.EventProofRejected`, EventProofRejected, e),
  pluginVerdict: (events: EventManager, e: EventPluginVerdict) => emitTyped(events, `${PKG}.EventPluginVerdict`, EventPluginVerdict, e),
  paramsUpdated: (events: EventManager, e: EventParamsUpdated) => emitTyped(events, `${PKG}.EventParamsUpdated`, EventParamsUpdated, e),
};
