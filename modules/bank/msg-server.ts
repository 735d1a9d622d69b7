/** bank Msg handlers: one per Msg of cosmos.bank.v1beta1 that this chain supports. */
import { MsgSend, MsgSendResponse } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { msgRoute, type MsgRoute } from "../app/module";
import type { AddressCodec } from "../auth/address";
import { parseCoins } from "./coins";
import type { BankKeeper } from "./keeper";

export function bankMsgs(keeper: BankKeeper, addresses: AddressCodec): MsgRoute[] {
  return [
    msgRoute<MsgSend>({
      typeUrl: "/cosmos.bank.v1beta1.MsgSend",
      codec: MsgSend,
      signers: (msg) => [msg.fromAddress],
      validateBasic: (msg) => {
        addresses.decode(msg.fromAddress, "from_address");
        addresses.decode(msg.toAddress, "to_address");
        if (msg.amount.length === 0) parseCoins([{ denom: "", amount: "0" }]);
        parseCoins(msg.amount);
      },
      handle: (ctx, msg) => {
        const from = addresses.decode(msg.fromAddress, "from_address");
        keeper.sendCoins(ctx, from, addresses.decode(msg.toAddress, "to_address"), parseCoins(msg.amount));
        ctx.events.emit("message", [["sender", msg.fromAddress]]);
        return { typeUrl: "/cosmos.bank.v1beta1.MsgSendResponse", value: MsgSendResponse.encode({}).finish() };
      },
    }),
  ];
}
