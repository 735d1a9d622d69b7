/** The repository's default network: what `npm run devnet` runs. Copy and edit it for your own. */
import { defineNetwork } from "./modules/app/network-config";

export default defineNetwork({
  chainId: "fieldnet-devnet-1",
  bech32Prefix: "depin",
  denom: "ufield",
  minGasPrice: "0.025",
  devAccounts: { count: 10, balance: "1000000000000" },
});
