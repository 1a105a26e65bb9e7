import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { createApiKey, createWorkspace } from "./support/accounts.js";
import { rawExchange } from "./support/raw-http.js";

type Outcome = "accepted" | "other workspace" | "no region";

/**
 * The malformed-input walk for the Host header of the app API: every spelling of every kind of
 * host, plus garbage. Never a 5xx, and never a key accepted where its region or dedicated-host
 * rule says no. Hosts are header values only; every request goes to the server on 127.0.0.1.
 */
describe.each(testDialects())("Host header variants on the app API (%s)", (dialect) => {
  let server: TestServer;
  let workspace: string;
  let otherWorkspace: string;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    const workspaces = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items as { id: string }[];
    workspace = workspaces[0]!.id;
    otherWorkspace = await createWorkspace(server);
    key = (await createApiKey(server, workspace)).secret;
  });
  afterAll(() => server?.close());

  function variants(): [string, Outcome][] {
    const port = new URL(server.url).port;
    const bases: [string, Outcome][] = [
      ["localhost", "accepted"],
      ["127.0.0.1", "accepted"],
      ["[::1]", "accepted"],
      ["[::ffff:127.0.0.1]", "accepted"],
      [`${workspace}.local.localhost`, "accepted"],
      [`${otherWorkspace}.local.localhost`, "other workspace"],
      ["ws-0000000000000000.local.localhost", "other workspace"],
      ["local.localhost", "no region"],
      [`x.${workspace}.local.localhost`, "no region"],
      [`${workspace}.local.localhost.evil.example`, "no region"],
      ["api-eu.localhost", "no region"],
      ["evil.example", "no region"],
      ["2130706433", "no region"],
      ["0x7f.0.0.1", "no region"],
    ];
    const spellings = (host: string) => [
      host,
      host.toUpperCase(),
      host.startsWith("[") ? host : `${host}.`,
      `${host}:80`,
      `${host}:${port}`,
      host.startsWith("[") ? host : `${host}.:${port}`,
      `${host}:`,
    ];
    const broken = (host: string) => [`${host}:99999`, `${host}:abc`, `${host}:-1`, `${host}..`, ` ${host}x`, `${host}/path`, `user@${host}`];
    return [
      ...bases.flatMap(([host, outcome]) => spellings(host).map((h): [string, Outcome] => [h, outcome])),
      ...bases.flatMap(([host]) => broken(host).map((h): [string, Outcome] => [h, "no region"])),
      ...[
        "",
        "-",
        ".",
        "..",
        ":",
        ":80",
        "[]",
        "[::1",
        "::1",
        "[garbage]",
        "a b",
        "é.example",
        "%6c%6f%63%61%6c%68%6f%73%74",
        "x".repeat(300),
        `${"a.".repeat(200)}localhost`,
      ].map((h): [string, Outcome] => [h, "no region"]),
    ];
  }

  it("never answers 5xx and never accepts a key outside its region or workspace", async () => {
    const appId = "0".repeat(32);
    const failures: string[] = [];
    let sent = 0;
    for (const [host, outcome] of variants()) {
      for (const [method, path, body] of [
        ["GET", "/api/v1/apps", ""],
        ["POST", `/api/v1/apps/${appId}/completion`, '{"input":{"prompt":"x"}}'],
      ] as const) {
        const request = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
        const res = await rawExchange(server.url, request);
        sent++;
        const code = /"code":"([^"]+)"/.exec(res.text)?.[1] ?? "";
        const expected = {
          accepted: method === "GET" ? "200 " : "403 App.AccessDenied",
          "other workspace": "403 Workspace.AccessDenied",
          "no region": "401 InvalidApiKey",
        }[outcome];
        const got = `${res.status} ${code}`;
        if (res.status >= 500 || res.status === 0 || got !== expected)
          failures.push(`${method} Host ${JSON.stringify(host)}: expected ${expected}, got ${got}`);
      }
    }
    expect(sent).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  }, 60_000);

  it("refuses Host headers the HTTP parser cannot take with a 4xx, never a 5xx", async () => {
    for (const head of [
      "Host: local\u0000host",
      "Host: local\u0007host",
      "Host: localhost\r\nHost: evil.example",
      "Host: evil.example\r\nHost: localhost",
      `Host: ${"x".repeat(20_000)}`,
    ]) {
      const res = await rawExchange(server.url, `GET /api/v1/apps HTTP/1.1\r\n${head}\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`);
      expect(res.status, JSON.stringify(head.slice(0, 60))).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(head.slice(0, 60))).toBeLessThan(500);
    }
  });
});
