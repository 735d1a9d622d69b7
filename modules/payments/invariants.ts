/**
 * payments invariants (exact, integer):
 * - payments/credits-minted-by-burns: Σ purchased over accounts == credits_minted, and every
 *   account holding purchased credits burned native tokens for them (burned > 0); Σ burned over
 *   accounts == credits_burned (what the rewards supply invariant subtracts from supply).
 * - payments/credits-non-negative: every balance, delegation allowance and total is >= 0, and
 *   balance == purchased - spent per account; Σ balances == credits_minted - credits_spent, so
 *   credits are destroyed only by usage debits and never appear from anywhere but a burn.
 * (The per-epoch supply change == minted rewards - burned is rewards/net-emission, which counts
 *  these burns through the BurnSource this module registers with rewards.)
 */
import type { Invariant } from "../app/module";
import type { PaymentsKeeper } from "./keeper";

export function paymentsInvariants(keeper: PaymentsKeeper): Invariant[] {
  return [
    {
      name: "payments/credits-minted-by-burns",
      check: (ctx) => {
        const totals = keeper.getTotals(ctx);
        let purchased = 0n;
        let burned = 0n;
        for (const a of keeper.allAccounts(ctx)) {
          if (BigInt(a.purchased) > 0n && BigInt(a.burned) <= 0n) return `${a.address} holds ${a.purchased} purchased credits without a burn`;
          purchased += BigInt(a.purchased);
          burned += BigInt(a.burned);
        }
        if (purchased !== totals.creditsMinted) return `Σ purchased ${purchased} != credits_minted ${totals.creditsMinted}`;
        if (burned !== totals.creditsBurned) return `Σ burned ${burned} != credits_burned ${totals.creditsBurned}`;
        return undefined;
      },
    },
    {
      name: "payments/credits-non-negative",
      check: (ctx) => {
        const totals = keeper.getTotals(ctx);
        let balances = 0n;
        for (const a of keeper.allAccounts(ctx)) {
          const balance = BigInt(a.balance);
          if (balance < 0n || BigInt(a.spent) < 0n) return `${a.address}: negative credits (${a.balance}, spent ${a.spent})`;
          if (balance !== BigInt(a.purchased) - BigInt(a.spent)) return `${a.address}: balance ${a.balance} != purchased ${a.purchased} - spent ${a.spent}`;
          balances += balance;
        }
        for (const d of keeper.allDelegations(ctx)) {
          if (BigInt(d.remaining) < 0n || BigInt(d.spent) < 0n) return `delegation ${d.granter} -> ${d.grantee} is negative`;
        }
        if (totals.creditsSpent < 0n || totals.creditsMinted < 0n || totals.creditsBurned < 0n) return "negative totals";
        if (balances !== totals.creditsMinted - totals.creditsSpent) return `Σ balances ${balances} != minted ${totals.creditsMinted} - spent ${totals.creditsSpent}`;
        return undefined;
      },
    },
  ];
}
