import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";

/** The default outbound policy keeps app-defined HTTP tools off the server's own network. */
describe("outbound network policy 'public' (the default)", () => {
  let f: DashScopeFixture;
  let inside: ReturnType<typeof createServer>;
  let hits = 0;
  beforeAll(async () => {
    f = await startDashScopeFixture({ env: { APPSTUDIO_OUTBOUND_NETWORK: "public" } });
    inside = createServer((_req, res) => {
      hits++;
      res.end("secret internal data");
    });
    await new Promise<void>((r) => inside.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    await f?.close();
    inside?.close();
  });

  it("refuses a tool call to a loopback service and tells the model why", async () => {
    const url = `http://127.0.0.1:${(inside.address() as AddressInfo).port}/admin`;
    const tool = { name: "internal", description: "x", parameters: { type: "object", properties: {} }, method: "GET", url, headers: {}, timeoutMs: 2000 };
    const appId = await f.publishAgent({ tools: [tool] });
    const key = (await f.createKey()).secret;
    f.model.script({ toolCalls: [{ name: "internal", arguments: {} }] }, { text: "done" });
    const body = await (await f.complete(appId, key, { input: { prompt: "x" }, parameters: { has_thoughts: true } })).json();
    expect(hits).toBe(0);
    const thought = body.output.thoughts.find((t: { action_type: string }) => t.action_type === "api");
    expect(thought.observation).toMatch(/not a public address/);
    expect(thought.observation).not.toContain("secret internal data");
  });
});
