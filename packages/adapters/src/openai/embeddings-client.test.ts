import { createRouterEmbedder, createStaticModelRouter } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeEmbedding } from "../../../core/src/testing/fake-embeddings.js";
import { type FakeModelServer, startFakeModelServer } from "../../../core/src/testing/fake-model-server.js";
import { OpenAIProvider } from "./openai-provider.js";

let fake: FakeModelServer;
let rerankServer: FakeModelServer;
let provider: OpenAIProvider;

beforeAll(async () => {
  fake = await startFakeModelServer({ apiKey: "sk-test", embeddingBatchLimit: 10 });
  rerankServer = await startFakeModelServer({ rerank: true });
  provider = new OpenAIProvider({ id: "fake", baseURL: fake.url, apiKey: "sk-test", timeoutMs: 2000 });
});
afterAll(async () => {
  await fake.close();
  await rerankServer.close();
});

const texts = (n: number) => Array.from({ length: n }, (_, i) => `text number ${i} 第${i}段`);
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe("OpenAI-compatible /embeddings", () => {
  it("returns one vector per input in input order, in batches the upstream accepts", async () => {
    const before = fake.requests.length;
    const inputs = texts(23);
    const vectors = await provider.embed({ model: "text-embedding-v4", inputs });
    expect(vectors).toHaveLength(23);
    for (const [i, v] of vectors.entries()) expect(v).toEqual(fakeEmbedding(inputs[i] as string).map((x) => expect.closeTo(x, 6)));
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => (r.body.input as string[]).length).sort((a, b) => a - b)).toEqual([3, 10, 10]);
    expect(sent[0]?.body).toMatchObject({ model: "text-embedding-v4", encoding_format: "float" });
    expect(sent[0]?.headers.authorization).toBe("Bearer sk-test");
    expect(await provider.embed({ model: "m", inputs: [] })).toEqual([]);
  });

  it("respects a provider's larger batch size", async () => {
    const big = await startFakeModelServer({ embeddingBatchLimit: 50 });
    try {
      const roomy = new OpenAIProvider({ id: "big", baseURL: big.url, embeddingBatchSize: 50 });
      await roomy.embed({ model: "m", inputs: texts(60) });
      expect(big.requests.map((r) => (r.body.input as string[]).length).sort((a, b) => a - b)).toEqual([10, 50]);
    } finally {
      await big.close();
    }
  });

  it("makes similar texts near and unrelated texts far (what vector retrieval relies on)", async () => {
    const [q = [], near = [], far = []] = await provider.embed({
      model: "m",
      inputs: ["how do I install the server", "Installing the server on Linux", "会员等级与折扣"],
    });
    expect(cosine(q, near)).toBeGreaterThan(cosine(q, far) + 0.2);
  });

  it("maps upstream errors to the provider port's codes with the upstream's words in the diagnostic", async () => {
    fake.failEmbeddings({ status: 429 });
    await expect(provider.embed({ model: "m", inputs: ["x"] })).rejects.toMatchObject({ code: "Throttling.RateQuota" });
    fake.failEmbeddings({ status: 400, message: "model not supported" });
    const invalid = await provider.embed({ model: "m", inputs: ["x"] }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: "InvalidParameter" });
    expect((invalid as { diagnostic?: string }).diagnostic).toContain("model not supported");
    fake.failEmbeddings({ status: 500 });
    await expect(provider.embed({ model: "m", inputs: ["x"] })).rejects.toMatchObject({ code: "ModelServiceFailed" });
    const wrongKey = new OpenAIProvider({ id: "fake", baseURL: fake.url, apiKey: "sk-wrong" });
    await expect(wrongKey.embed({ model: "m", inputs: ["x"] })).rejects.toMatchObject({ code: "ModelServiceFailed" });
    const nobody = new OpenAIProvider({ id: "gone", baseURL: "http://127.0.0.1:9/v1" });
    await expect(nobody.embed({ model: "m", inputs: ["x"] })).rejects.toMatchObject({ code: "ModelServiceFailed" });
  });

  it("stops when the caller aborts (the upstream request is cancelled) and times out a silent upstream", async () => {
    const slow = await startFakeModelServer({ embeddingDelayMs: 5_000 });
    try {
      const controller = new AbortController();
      const reason = new Error("caller gave up");
      const pending = new OpenAIProvider({ id: "slow", baseURL: slow.url }).embed({ model: "m", inputs: ["x"], signal: controller.signal });
      setTimeout(() => controller.abort(reason), 50);
      await expect(pending).rejects.toBe(reason);
      await slow.waitForAbort(2_000);
      const impatient = new OpenAIProvider({ id: "slow", baseURL: slow.url, timeoutMs: 100 });
      await expect(impatient.embed({ model: "m", inputs: ["x"] })).rejects.toMatchObject({ code: "RequestTimeOut" });
    } finally {
      await slow.close();
    }
  });

  it("resolves embedding models through the model router like chat models", async () => {
    const router = createStaticModelRouter([{ provider, models: ["text-embedding-*"] }]);
    const embedder = createRouterEmbedder(router);
    expect(await embedder.embed("text-embedding-v4", ["a"])).toHaveLength(1);
    await expect(embedder.embed("unknown-model", ["a"])).rejects.toMatchObject({ code: "ModelNotConfigured" });
  });
});

describe("/rerank", () => {
  it("scores documents in input order, 0..1", async () => {
    const reranking = new OpenAIProvider({ id: "rr", baseURL: rerankServer.url });
    const scores = await reranking.rerank({ model: "rr", query: "install the server", documents: ["billing and invoices", "installing the server on linux"] });
    const [billing = Number.NaN, install = Number.NaN] = scores ?? [];
    expect(scores).toHaveLength(2);
    expect(install).toBeGreaterThan(billing);
    for (const s of [billing, install]) expect(s).toBeGreaterThanOrEqual(0);
    for (const s of [billing, install]) expect(s).toBeLessThanOrEqual(1);
    expect(rerankServer.requests.at(-1)?.body).toMatchObject({
      model: "rr",
      query: "install the server",
      documents: ["billing and invoices", "installing the server on linux"],
    });
  });

  it("is undefined when the provider has no /rerank endpoint", async () => {
    expect(await provider.rerank({ model: "rr", query: "q", documents: ["d"] })).toBeUndefined();
  });
});
