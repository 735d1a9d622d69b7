/**
 * Verified raw reads against the embedded devnet: the proof in abci_query's proof_ops checks out
 * against the app hash of the next block's header, a key nobody holds is proven absent, and a node
 * that alters its answer is caught.
 */
import { toBech32, toUtf8 } from "@cosmjs/encoding";
import { connectComet, type CometClient } from "@cosmjs/tendermint-rpc";
import { TrieProof } from "../../generated/depin/store/v1/proof";
import config from "../../fieldnet.config";
import { FieldnetClient } from "../client";
import { FieldnetProofError, FieldnetQueryError } from "../errors";
import { startTestNet, type TestNet } from "../testing";
import { bankBalanceKey } from "./store-keys";
import { queryStoreVerified, TRIE_PROOF_OP_TYPE, verifyTrieProof } from "./verified-store";

let net: TestNet;
let client: FieldnetClient;
let comet: CometClient;

beforeAll(async () => {
  net = await startTestNet(100);
  client = await FieldnetClient.connect(net.devnet.rpcUrl);
  comet = await connectComet(net.devnet.rpcUrl);
}, 30_000);

afterAll(async () => {
  client?.disconnect();
  comet?.disconnect();
  await net?.stop();
});

function balanceKey(address: string): Uint8Array {
  return bankBalanceKey(address, config.denom);
}

/** A CometClient that hands out another value than the node answered (a lying node). */
function alteringValues(real: CometClient): CometClient {
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property !== "abciQuery") return Reflect.get(target, property, receiver);
      return async (params: Parameters<CometClient["abciQuery"]>[0]) => {
        const answer = await target.abciQuery(params);
        return { ...answer, value: toUtf8("999999999999") };
      };
    },
  });
}

describe("queryStoreVerified (abci_query prove=true)", () => {
  it("reads a dev account's balance with a proof that checks out against block height+1's app hash", async () => {
    const address = net.devnet.accounts[0].address;
    const verified = await client.queryStoreVerified("bank", balanceKey(address));
    expect(new TextDecoder().decode(verified.value)).toBe((await client.getBalance(address, config.denom)).amount);
    const header = (await comet.block(verified.height + 1)).block.header;
    expect(Buffer.from(verified.appHash)).toEqual(Buffer.from(header.appHash));
  });

  it("getBalanceVerified: the proven balance equals getBalance's, and an unknown address is proven to hold none", async () => {
    const address = net.devnet.accounts[2].address;
    const { balance, height } = await client.getBalanceVerified(address, config.denom);
    expect(balance).toEqual(await client.getBalance(address, config.denom));
    expect(height).toBeGreaterThan(0);
    const nobody = toBech32(config.bech32Prefix, new Uint8Array(20).fill(0xcd));
    expect((await client.getBalanceVerified(nobody, config.denom)).balance).toEqual({ denom: config.denom, amount: "0" });
  });

  it("proves a key nobody holds absent, and reads at an earlier height", async () => {
    const stranger = toBech32(config.bech32Prefix, new Uint8Array(20).fill(0xab));
    const absent = await client.queryStoreVerified("bank", balanceKey(stranger));
    expect(absent.value).toBeUndefined();
    const earlier = await client.queryStoreVerified("bank", balanceKey(net.devnet.accounts[1].address), { height: 1 });
    expect(earlier.height).toBe(1);
    expect(earlier.value).toBeDefined();
    expect(Buffer.from(earlier.appHash)).toEqual(Buffer.from((await comet.block(2)).block.header.appHash));
  });

  it("catches a node that alters the value or the proof", async () => {
    const key = balanceKey(net.devnet.accounts[0].address);
    const lie = await queryStoreVerified(alteringValues(comet), "bank", key).then(() => undefined, (e: unknown) => e);
    expect(lie).toBeInstanceOf(FieldnetProofError);
    expect((lie as FieldnetProofError).reason).toBe("BAD_PROOF");

    // At a height whose next block exists already.
    const height = (await comet.status()).syncInfo.latestBlockHeight - 1;
    const answer = await comet.abciQuery({ path: "/store/bank/key", data: key, prove: true, height });
    expect(answer.height).toBe(height);
    const op = answer.proof!.ops[0];
    expect(op.type).toBe(TRIE_PROOF_OP_TYPE);
    const appHash = (await comet.block((answer.height ?? 0) + 1)).block.header.appHash;
    const proof = TrieProof.decode(op.data);
    expect(verifyTrieProof(appHash, op.key, answer.value, proof)).toBe(true);
    const forged = TrieProof.decode(op.data);
    forged.steps[0].siblings[0] = new Uint8Array(32).fill(7);
    expect(verifyTrieProof(appHash, op.key, answer.value, forged)).toBe(false);
    expect(verifyTrieProof(appHash, op.key, undefined, proof)).toBe(false);
  });

  it("passes the chain's refusal on as a typed query error", async () => {
    const error = await client.queryStoreVerified("nosuch", new Uint8Array([1])).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FieldnetQueryError);
    expect([(error as FieldnetQueryError).codespace, (error as FieldnetQueryError).code]).toEqual(["sdk", 6]);
  });
});
