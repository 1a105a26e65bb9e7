import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { LOOPBACK_URL_HOSTS } from "@appstudio/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { publishWorkflow } from "../support/workflow-fixture.js";

/**
 * The default outbound policy keeps app-defined HTTP tools and workflow HTTP nodes off the
 * server's own network. Every URL here spells this machine's own address: a listener on
 * 127.0.0.1 counts whether anything got through, and nothing is ever aimed elsewhere.
 */
describe("outbound network policy 'public' (the default)", () => {
  let f: DashScopeFixture;
  let key: string;
  let inside: ReturnType<typeof createServer>;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    f = await startDashScopeFixture({ env: { APPSTUDIO_OUTBOUND_NETWORK: "public" } });
    key = (await f.createKey()).secret;
    inside = createServer((_req, res) => {
      hits++;
      res.end("secret internal data");
    });
    await new Promise<void>((r) => inside.listen(0, "127.0.0.1", r));
    port = (inside.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await f?.close();
    inside?.close();
  });
  beforeEach(() => {
    hits = 0;
  });

  it("refuses an agent's HTTP tool calls to every spelling of loopback and tells the model why", async () => {
    const tools = LOOPBACK_URL_HOSTS.map((host, i) => ({
      name: `internal_${i}`,
      description: "x",
      parameters: { type: "object", properties: {} },
      method: "GET",
      url: `http://${host}:${port}/admin`,
      headers: {},
      timeoutMs: 2000,
    }));
    const appId = await f.publishAgent({ tools });
    f.model.script({ toolCalls: tools.map((t) => ({ name: t.name, arguments: {} })) }, { text: "done" });
    const body = await (await f.complete(appId, key, { input: { prompt: "x" }, parameters: { has_thoughts: true } })).json();
    expect(hits).toBe(0);
    const observations = new Map<string, string>(
      body.output.thoughts
        .filter((t: { action_type: string }) => t.action_type === "api")
        .map((t: { action_name: string; observation: string }) => [t.action_name, t.observation]),
    );
    expect(observations.size).toBe(tools.length);
    tools.forEach((tool, i) => {
      const observation = observations.get(tool.name) ?? "";
      // `localhost` names are refused on their looked-up address, literals on the literal.
      expect(observation, LOOPBACK_URL_HOSTS[i]).toMatch(
        /^Error: the tool call failed: blocked: .* is not a public address \(outbound network policy 'public'\)$/,
      );
      expect(observation).not.toContain("secret internal data");
    });
  });

  it("fails a workflow HTTP node aimed at any spelling of loopback, saying why", async () => {
    const appId = await publishWorkflow(f, {
      nodes: [
        { id: "Start_net0", config: { variables: [{ name: "url", type: "String" }] } },
        { id: "HttpRequest_net1", name: "fetch", config: { url: "{{Start_net0.url}}", method: "GET" } },
        { id: "End_net2", config: { mode: "text", template: "{{HttpRequest_net1.body}}", stream: true } },
      ],
      edges: [
        { source: "Start_net0", target: "HttpRequest_net1" },
        { source: "HttpRequest_net1", target: "End_net2" },
      ],
    });
    for (const host of LOOPBACK_URL_HOSTS) {
      const res = await f.complete(appId, key, { input: { prompt: "x", biz_params: { url: `http://${host}:${port}/admin` } } });
      const body = await res.json();
      expect(res.status, host).toBe(500);
      expect(body.code).toBe("AppProcessFailed");
      expect(body.message, host).toMatch(/^Node HttpRequest_net1 \('fetch'\) failed: .*not a public address \(outbound network policy 'public'\)/);
      expect(JSON.stringify(body)).not.toContain("secret internal data");
    }
    expect(hits).toBe(0);
  });
});
