import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { e, end, FakeHttp, g, n, runGraph, START, sleep, stubSandbox, testDeps } from "../testing/workflow-test-kit.js";

/** `levels` nested objects `{a: {a: … {}}}`, built without recursion. */
function nestedObjects(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

const startWithObject = n("Start_0000", { variables: [{ name: "o", type: "Object" }] });
const script = (outputType = "Object") =>
  n("Script_0001", {
    code: "function main(i) { return { r: i.o }; }",
    inputs: [{ name: "o", value: "{{Start_0000.o}}" }],
    outputs: [{ name: "r", type: outputType }],
  });

/** Values nested too deep to walk recursively: they fail one node or one call, never the process. */
describe("deeply nested values in a workflow run", () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on("unhandledRejection", record);
  });
  afterEach(() => {
    process.off("unhandledRejection", record);
  });
  /** Unhandled rejections are reported after the microtasks of the turn that made them. */
  const settle = () => new Promise((resolve) => setImmediate(resolve)).then(() => sleep(5));

  it("fails the run cleanly when the End streamer cannot render a value and the run fails first", async () => {
    // The review's graph, with the nesting limit lifted so the deep value reaches the streamer:
    // the Script fails while the streaming End is still trying to print {{Start_0000.o}}.
    const sandbox = stubSandbox(async () => {
      await sleep(5);
      return { ok: false, kind: "runtime", message: "boom", logs: [], durationMs: 5 };
    });
    const deps = testDeps({ sandbox, maxJsonDepth: 1_000_000 });
    const graph = g([startWithObject, script(), end("o = {{Start_0000.o}}")], [e("Start_0000", "Script_0001"), e("Script_0001", "End_0000")]);
    const out = await runGraph(deps, graph, { bizParams: { o: nestedObjects(20_000) } });
    expect(out.error).toMatchObject({ code: "AppProcessFailed", details: { nodeId: "Script_0001" } });
    await settle();
    expect(unhandled).toEqual([]);
  });

  it("refuses biz_params nested past the limit before anything runs, counted as in the request body", async () => {
    const deps = testDeps({ maxJsonDepth: 16 });
    const graph = g([startWithObject, end("{{Start_0000.o}}")], [e("Start_0000", "End_0000")]);
    // body → input → biz_params → o: o may nest 16 - 3 levels.
    expect((await runGraph(deps, graph, { bizParams: { o: nestedObjects(13) } })).error).toBeUndefined();
    const refused = await runGraph(deps, graph, { bizParams: { o: nestedObjects(14) } }).catch((error) => ({ error }));
    expect(refused.error).toMatchObject({
      code: "InvalidParameter",
      details: { fields: [{ field: expect.stringMatching(/^input\.biz_params\.o\.a\./), message: expect.stringContaining("16 levels") }] },
    });
    expect(deps.runs.runs.size).toBe(1);
  });

  it("fails a node whose outputs nest past the limit with InvalidOutput, naming the output", async () => {
    const sandbox = stubSandbox(async (req) => ({ ok: true, output: { r: nestedObjects(req.code.includes("deep") ? 5_000 : 63) }, logs: [], durationMs: 1 }));
    const deps = testDeps({ sandbox });
    const graph = (code: string) =>
      g(
        [START, n("Script_0001", { code, inputs: [], outputs: [{ name: "r", type: "Object" }] }), end("{{Script_0001.r}}")],
        [e("Start_0000", "Script_0001"), e("Script_0001", "End_0000")],
      );
    // outputs → r: r itself may nest 63 levels under the default limit of 64.
    const fits = await runGraph(deps, graph("function main() { return {} }"));
    expect(fits.error).toBeUndefined();
    expect(fits.text).toBe(JSON.stringify(nestedObjects(63)));
    const deep = await runGraph(deps, graph("function main() { deep }"));
    expect(deep.error).toMatchObject({ code: "AppProcessFailed", details: { nodeId: "Script_0001", nodeErrorCode: "InvalidOutput" } });
    expect(deep.error?.message).toContain("outputs.r.a.a");
    expect(deep.error?.message).toContain("at most 64 levels deep");
    await settle();
    expect(unhandled).toEqual([]);
  });

  it("fails an HTTP node whose JSON answer nests too deep, and its error policy still applies", async () => {
    const body = `${'{"a":'.repeat(10_000)}{}${"}".repeat(10_000)}`;
    const deps = testDeps({ toolClient: new FakeHttp(() => ({ status: 200, body })) });
    const http = (extra: Record<string, unknown> = {}) => n("HttpRequest_0001", { url: "http://127.0.0.1:9/deep", ...extra });
    const failing = await runGraph(
      deps,
      g([START, http(), end("{{HttpRequest_0001.status}}")], [e("Start_0000", "HttpRequest_0001"), e("HttpRequest_0001", "End_0000")]),
    );
    expect(failing.error).toMatchObject({ details: { nodeErrorCode: "InvalidOutput" } });
    const tolerant = g(
      [START, http({ onError: "default" }), end("{{HttpRequest_0001.errorCode}}")],
      [e("Start_0000", "HttpRequest_0001"), e("HttpRequest_0001", "End_0000")],
    );
    expect((await runGraph(deps, tolerant)).text).toBe("InvalidOutput");
    await settle();
    expect(unhandled).toEqual([]);
  });
});
