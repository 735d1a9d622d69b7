/** Typed events of the payments module (type = proto full name, attributes = proto-JSON field values). */
import type { EventManager } from "../app/events";
import { emitTyped } from "../app/events";
import {
  EventCreditDelegationRevoked,
  EventCreditsDelegated,
  EventCreditsPurchased,
  EventParamsUpdated,
  EventPriceFeedUpdated,
  EventUsageAccepted,
  EventUsageRejected,
} from "../../generated/depin/payments/v1/events";

const PKG = "depin.payments.v1";

export const paymentsEvents = {
  creditsPurchased: (events: EventManager, e: EventCreditsPurchased) => emitTyped(events, `${PKG}.EventCreditsPurchased`, EventCreditsPurchased, e),
  creditsDelegated: (events: EventManager, e: EventCreditsDelegated) => emitTyped(events, `${PKG}.EventCreditsDelegated`, EventCreditsDelegated, e),
  delegationRevoked: (events: EventManager, e: EventCreditDelegationRevoked) => emitTyped(events, `${PKG}.EventCreditDelegationRevoked`, EventCreditDelegationRevoked, e),
  usageAccepted: (events: EventManager, e: EventUsageAccepted) => emitTyped(events, `${PKG}.EventUsageAccepted`, EventUsageAccepted, e),
  usageRejected: (events: EventManager, e: EventUsageRejected) => emitTyped(events, `${PKG}.EventUsageRejected`, EventUsageRejected, e),
  priceFeedUpdated: (events: EventManager, e: EventPriceFeedUpdated) => emitTyped(events, `${PKG}.EventPriceFeedUpdated`, EventPriceFeedUpdated, e),
  paramsUpdated: (events: EventManager, e: EventParamsUpdated) => emitTyped(events, `${PKG}.EventParamsUpdated`, EventParamsUpdated, e),
};
