/**
 * The demand side in the CLI: `fieldnet tx buy-credits|delegate-credits|revoke-credits` and
 * `fieldnet query credits|price|net-emission|burns`. Added to the `tx` and `query` commands.
 */
import type { Command } from "commander";
import { parseCoins } from "@cosmjs/stargate";
import { NetEmission } from "../../generated/depin/payments/v1/types";
import { QueryPriceResponse } from "../../generated/depin/payments/v1/query";
import { addressOf, globals, signingClient, withQueryClient } from "./context";
import { CliError, emit, ExitCode, kv, toJson } from "./output";

function wholeNumber(name: string, value: string): string {
  if (!/^\d+$/.test(value)) throw new CliError(`${name} "${value}" must be a whole number`, ExitCode.Usage);
  return value;
}

export function addPaymentsTxCommands(tx: Command): void {
  tx.command("buy-credits <amount>")
    .description("burn tokens for non-transferable service credits (amount like 5000ufield)")
    .requiredOption("--from <key>", "keyring account that burns and receives the credits")
    .option("--min-credits <n>", "fail unless at least this many credits are minted (protects against a price update landing first)", "0")
    .addHelpText("after", "\nExample:\n  $ fieldnet tx buy-credits 5000ufield --from alice")
    .action(async (amount: string, opts: { from: string; minCredits: string }, cmd: Command) => {
      const g = globals(cmd);
      let coin;
      try {
        [coin] = parseCoins(amount);
      } catch {
        coin = undefined;
      }
      if (!coin) throw new CliError(`amount "${amount}" must look like 5000ufield`, ExitCode.Usage);
      const client = await signingClient(g, opts.from);
      try {
        const { response, tx: result } = await client.buyCredits(coin.amount, coin.denom, wholeNumber("--min-credits", opts.minCredits));
        const view = { buyer: client.sender, burned: amount, credits: response.credits.toString(), txHash: result.transactionHash, height: result.height };
        emit(g.output, view, () => `bought ${view.credits} credits for ${amount} (burned)\n${kv({ txHash: view.txHash, height: view.height })}`);
      } finally {
        client.disconnect();
      }
    });

  tx.command("delegate-credits <grantee> <allowance>")
    .description("let grantee's usage receipts be paid from your credits, up to allowance (replaces an earlier delegation)")
    .requiredOption("--from <key>", "keyring account whose credits pay")
    .option("--expires-ms <ms>", "expiry as Unix milliseconds (0 = never)", "0")
    .addHelpText("after", "\nExample:\n  $ fieldnet tx delegate-credits depin1... 10000 --from appserver")
    .action(async (grantee: string, allowance: string, opts: { from: string; expiresMs: string }, cmd: Command) => {
      const g = globals(cmd);
      const client = await signingClient(g, opts.from);
      try {
        const result = await client.delegateCredits(addressOf(g, grantee), wholeNumber("allowance", allowance), BigInt(wholeNumber("--expires-ms", opts.expiresMs)));
        const view = { granter: client.sender, grantee: addressOf(g, grantee), allowance, txHash: result.transactionHash, height: result.height };
        emit(g.output, view, () => `delegated ${allowance} credits to ${view.grantee}\n${kv({ txHash: view.txHash, height: view.height })}`);
      } finally {
        client.disconnect();
      }
    });

  tx.command("revoke-credits <grantee>")
    .description("remove your credit delegation to grantee")
    .requiredOption("--from <key>", "keyring account that delegated")
    .action(async (grantee: string, opts: { from: string }, cmd: Command) => {
      const g = globals(cmd);
      const client = await signingClient(g, opts.from);
      try {
        const result = await client.revokeCreditDelegation(addressOf(g, grantee));
        const view = { granter: client.sender, grantee: addressOf(g, grantee), txHash: result.transactionHash, height: result.height };
        emit(g.output, view, () => `revoked the delegation to ${view.grantee}\n${kv({ txHash: view.txHash, height: view.height })}`);
      } finally {
        client.disconnect();
      }
    });
}

export function addPaymentsQueryCommands(q: Command): void {
  q.command("credits <addressOrKey>")
    .description("an account's service credits: balance, purchased, spent, tokens burned")
    .addHelpText("after", "\nExample:\n  $ fieldnet query credits alice")
    .action(async (who: string, _opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      await withQueryClient(g, async (c) => {
        const account = await c.depin.payments.creditBalance(addressOf(g, who));
        emit(g.output, account, () => kv({ ...account }));
      });
    });

  q.command("price")
    .description("the credit price in force (fixed rate or USD peg), the feed and the usage prices per network type")
    .action(async (_opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      await withQueryClient(g, async (c) => {
        const price = QueryPriceResponse.toJSON(await c.depin.payments.price()) as Record<string, unknown>;
        emit(g.output, price, () => kv(price));
      });
    });

  q.command("net-emission <epoch>")
    .description("tokens minted minus burned in an epoch (closed: exact; open: so far)")
    .addHelpText("after", "\nExample:\n  $ fieldnet query net-emission 3")
    .action(async (epoch: string, _opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      await withQueryClient(g, async (c) => {
        const net = await c.depin.payments.netEmission(BigInt(wholeNumber("epoch", epoch)));
        if (!net) throw new CliError(`epoch ${epoch} has not started yet (see \`fieldnet query epoch\`)`, ExitCode.NotFound);
        const view = NetEmission.toJSON(net) as Record<string, unknown>;
        emit(g.output, view, () => kv(view));
      });
    });

  q.command("burns")
    .description("cumulative tokens burned (credit purchases + onboarding fees) and credits minted/spent")
    .action(async (_opts: unknown, cmd: Command) => {
      const g = globals(cmd);
      await withQueryClient(g, async (c) => {
        const totals = JSON.parse(toJson(await c.depin.payments.burnTotals())) as Record<string, unknown>;
        emit(g.output, totals, () => kv(totals));
      });
    });
}
