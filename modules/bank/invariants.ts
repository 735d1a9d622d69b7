/** bank invariants: the sum of all balances equals the recorded supply, per denom. */
import type { Invariant } from "../app/module";
import type { BankKeeper } from "./keeper";

export function totalSupplyInvariant(keeper: BankKeeper): Invariant {
  return {
    name: "bank/total-supply",
    check: (ctx) => {
      const sums = new Map<string, bigint>();
      for (const { denom, amount } of keeper.allBalances(ctx)) sums.set(denom, (sums.get(denom) ?? 0n) + amount);
      const supply = keeper.totalSupply(ctx);
      const problems: string[] = [];
      for (const { denom, amount } of supply) {
        const sum = sums.get(denom) ?? 0n;
        if (sum !== amount) problems.push(`${denom}: balances sum to ${sum}, supply is ${amount}`);
        sums.delete(denom);
      }
      for (const [denom, sum] of sums) problems.push(`${denom}: balances sum to ${sum}, no supply recorded`);
      return problems.length ? problems.join("; ") : undefined;
    },
  };
}
