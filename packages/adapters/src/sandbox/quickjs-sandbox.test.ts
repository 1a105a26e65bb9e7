import type { ScriptRunResult, ScriptSandbox } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuickJsSandbox } from "./quickjs-sandbox.js";

const main = (body: string) => `function main(inputs) {\n${body}\n}`;

describe("QuickJS sandbox", () => {
  let sandbox: ScriptSandbox;
  const run = (code: string, inputs: Record<string, unknown> = {}, timeoutMs = 1_000) => sandbox.run({ code, inputs, timeoutMs });
  const expectFailure = (result: ScriptRunResult, kind: string, message?: RegExp) => {
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (result.ok) return;
    expect(result.kind, result.message).toBe(kind);
    if (message) expect(result.message).toMatch(message);
  };
  /** The sandbox still works after whatever the previous script did. */
  const stillHealthy = async () => expect(await run(main("return { ok: inputs.n + 1 }"), { n: 1 })).toMatchObject({ ok: true, output: { ok: 2 } });

  beforeAll(() => {
    sandbox = createQuickJsSandbox({ workers: 2, memoryLimitBytes: 32 * 1024 * 1024, maxOutputChars: 100_000 });
  });
  afterAll(() => sandbox.close());

  it("runs main(inputs) with JSON in and out, sync or async, and keeps console output", async () => {
    const result = await run(
      main('console.log("got", inputs.items.length, { a: 1 }); return { total: inputs.items.reduce((a, b) => a + b, 0), name: inputs.name.toUpperCase() }'),
      { items: [1, 2, 3], name: "ada" },
    );
    expect(result).toMatchObject({ ok: true, output: { total: 6, name: "ADA" }, logs: ['got 3 {"a":1}'] });
    const asyncResult = await run("async function main(i) { const v = await Promise.resolve(i.x * 2); return { v }; }", { x: 21 });
    expect(asyncResult).toMatchObject({ ok: true, output: { v: 42 } });
    expect(await run("const main = (i) => ({ arrow: true });")).toMatchObject({ ok: true, output: { arrow: true } });
  });

  it("reports syntax errors, thrown errors and a missing main clearly", async () => {
    expectFailure(await run("function main( {"), "syntax", /SyntaxError/);
    expectFailure(await run(main('throw new TypeError("bad input")')), "runtime", /TypeError: bad input/);
    expectFailure(await run("async function main() { throw new Error('async boom') }"), "runtime", /async boom/);
    expectFailure(await run("const x = 1;"), "runtime", /must define function main/);
    expectFailure(await run("function main() { return new Promise(() => {}) }"), "runtime", /never settles/);
  });

  it("has no host objects: process, require, import, fetch, timers, Node globals", async () => {
    const probe = await run(
      main(`return {
        types: [typeof process, typeof require, typeof module, typeof fetch, typeof setTimeout, typeof Buffer, typeof WebAssembly, typeof std, typeof os, typeof globalThis.process],
        keys: Object.getOwnPropertyNames(globalThis).filter((k) => !/^[A-Z]/.test(k)).sort(),
      }`),
    );
    expect(probe.ok).toBe(true);
    if (!probe.ok) return;
    const output = probe.output as { types: string[]; keys: string[] };
    expect(output.types.every((t) => t === "undefined")).toBe(true);
    expect(output.keys).not.toContain("process");
    expectFailure(await run(main('return require("fs").readFileSync("/etc/passwd", "utf8")')), "runtime", /'require' is not defined/);
    expectFailure(await run(main('return import("fs")')), "runtime");
  });

  it("keeps constructor and prototype tricks inside QuickJS", async () => {
    // The classic escapes out of node:vm reach the host through constructors; here they only reach QuickJS.
    const tricks = await run(
      main(`
        const F = (function(){}).constructor;
        const viaFunction = F("return typeof process")();
        const viaThis = this === undefined ? "undefined" : typeof this.process;
        const viaError = (() => { try { null.x } catch (e) { return e.constructor.constructor("return typeof process")() } })();
        const viaLog = console.log.constructor("return typeof process")();
        const viaGlobal = (0, eval)("typeof this.process + typeof globalThis.require");
        Object.prototype.polluted = "yes";
        Array.prototype.map = function() { return "hijacked" };
        JSON.stringify = () => "hijacked";
        return { viaFunction, viaThis, viaError, viaLog, viaGlobal, polluted: ({}).polluted };
      `),
    );
    expect(tricks).toMatchObject({
      ok: true,
      output: { viaFunction: "undefined", viaError: "undefined", viaLog: "undefined", viaGlobal: "undefinedundefined", polluted: "yes" },
    });
    // Pollution stays in that run: the next run, and the host, see clean prototypes.
    expect(await run(main("return { polluted: ({}).polluted === undefined, mapped: [1].map((x) => x + 1) }"))).toMatchObject({
      ok: true,
      output: { polluted: true, mapped: [2] },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A __proto__ key in the inputs or outputs is plain data, not a prototype.
    const proto = await run(
      main(
        'return { keys: Object.keys(inputs), isPlain: Object.getPrototypeOf(inputs) === Object.prototype, out: JSON.parse(\'{"__proto__": {"admin": true}}\') }',
      ),
      JSON.parse('{"__proto__": {"admin": true}}'),
    );
    expect(proto.ok).toBe(true);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("stops an infinite loop at the time limit, and the sandbox recovers", async () => {
    const started = Date.now();
    expectFailure(await run(main("while (true) {}"), {}, 200), "timeout", /time limit/);
    // Generous bound: proves the loop was cut off, not left to run into the test timeout, even on a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    expectFailure(await run("async function main() { for (;;) { await null } }", {}, 200), "timeout");
    await stillHealthy();
  });

  it("stops memory bombs at the memory limit", async () => {
    for (const bomb of [
      "const a = []; for (;;) a.push(new Array(100000).fill(1));",
      "const a = []; for (;;) a.push(new ArrayBuffer(1 << 20));",
      "let s = 'x'; for (;;) s += s;",
      "const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, s: 'v' + i });",
    ]) {
      const result = await run(main(bomb), {}, 5_000);
      expect(result.ok, bomb).toBe(false);
      if (!result.ok) expect(["memory", "runtime"], `${bomb}: ${result.kind} ${result.message}`).toContain(result.kind);
      if (!result.ok && result.kind === "runtime") expect(result.message).toMatch(/memory|too long/i);
    }
    await stillHealthy();
  });

  it("contains stack exhaustion and deep structures", async () => {
    expectFailure(await run(main("function f() { return f() + 1 } return f()")), "runtime", /stack overflow/);
    const deep = await run(
      main("let o = {}; const root = o; for (let i = 0; i < 200000; i++) { o.a = {}; o = o.a } return { s: JSON.stringify(root).length }"),
    );
    expect(deep.ok).toBe(false);
    await stillHealthy();
  });

  it("answers a run whose sandbox-side handling fails, instead of leaving a rejection unhandled", async () => {
    // A signal that throws when listened to stands in for any bug between queue and worker.
    const broken = {
      aborted: false,
      addEventListener: () => {
        throw new Error("broken signal");
      },
      removeEventListener: () => {},
    } as unknown as AbortSignal;
    expectFailure(await sandbox.run({ code: main("return {}"), inputs: {}, timeoutMs: 1_000, signal: broken }), "crash", /broken signal/);
    await stillHealthy();
    await stillHealthy();
  });

  it("refuses huge outputs and values that are not JSON", async () => {
    expectFailure(await run(main("return { big: 'x'.repeat(200000) }")), "output", /at most 100000/);
    expect(await run(main("return { f: () => 1, u: undefined, d: new Date(0) }"))).toMatchObject({ ok: true, output: { d: "1970-01-01T00:00:00.000Z" } });
    expect(await run(main("return undefined"))).toMatchObject({ ok: true, output: null });
  });

  it("runs scripts in parallel workers and cancels a run on abort", async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => run(main(`return { i: ${i} }`))));
    expect(results.map((r) => (r.ok ? (r.output as { i: number }).i : -1))).toEqual([0, 1, 2, 3, 4, 5]);
    const controller = new AbortController();
    const pending = sandbox.run({ code: main("while (true) {}"), inputs: {}, timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    expectFailure(await pending, "aborted");
    // Generous bound: proves the loop was cut off, not left to run into the test timeout, even on a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    await stillHealthy();
  });
});
