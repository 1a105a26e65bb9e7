import { randomBytes, randomUUID } from "node:crypto";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createToken, createUser, createWorkspace } from "./support/accounts.js";
import { type DashScopeFixture, startDashScopeFixture } from "./support/dashscope-fixture.js";
import type { CallResult } from "./support/error-body.js";
import { createKnowledgeBase, seedChunks, uploadOne } from "./support/knowledge.js";
import { publishWorkflow } from "./support/workflow-fixture.js";

/**
 * Issue 13, item 10: a caller who cannot see a workspace must not learn whether an ID in it
 * exists. For every route that names something by ID, the answer for an existing ID must equal
 * the answer for a random missing one: status, code, and message up to the ID itself.
 */

const alnum = (n: number) => Array.from(randomBytes(n), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
const missing = {
  workspace: () => `ws-${alnum(16)}`,
  app: () => randomBytes(16).toString("hex"),
  key: () => `key-${alnum(12)}`,
  user: () => `u-${alnum(12)}`,
  token: () => `pat-${alnum(12)}`,
  uuid: () => randomUUID(),
  memory: () => randomBytes(16).toString("hex"),
  knowledgeBase: () => alnum(10),
  document: () => `file_${randomBytes(16).toString("hex")}`,
  chunk: () => randomBytes(16).toString("hex"),
};

interface Answer {
  status: number;
  code: string;
  message: string;
}

/** The parts of an error answer a prober can compare, with the ID asked for masked out. */
function comparable(res: CallResult, id: string): Answer {
  const mask = (text: unknown) => String(text ?? "").replaceAll(id, "<id>");
  return { status: res.status, code: mask(res.body?.code), message: `${mask(res.body?.message)} ${mask(JSON.stringify(res.body?.details ?? null))}` };
}

describe.each(testDialects())("IDs cannot be probed by callers who cannot see them (%s)", (dialect) => {
  let f: DashScopeFixture;
  const ids = {} as Record<
    | "workspace"
    | "app"
    | "draftWorkflow"
    | "key"
    | "run"
    | "call"
    | "user"
    | "member"
    | "token"
    | "memory"
    | "memoryNode"
    | "knowledgeBase"
    | "document"
    | "chunk",
    string
  >;
  let outsider: string;
  let memberOfW: string;
  let otherKey: string;

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect });
    const server = f.server;
    ids.workspace = f.workspaceId;
    const other = await createWorkspace(server);
    // The outsider administers another workspace: grants there must reveal nothing here.
    const outsiderUser = await createUser(server);
    await addMember(server, other, outsiderUser.id, "admin");
    outsider = (await createToken(server, outsiderUser)).secret;
    const member = await createUser(server);
    await addMember(server, f.workspaceId, member.id, "member");
    memberOfW = (await createToken(server, member)).secret;
    ids.member = member.id;
    ids.user = (await createUser(server, { policies: ["FullAccess"] })).id;

    ids.app = await f.publishAgent();
    const graph = {
      nodes: [
        { id: "Start_prb1", config: { variables: [] } },
        { id: "End_prb2", config: { mode: "text", template: "hello", stream: true } },
      ],
      edges: [{ source: "Start_prb1", target: "End_prb2" }],
    };
    const workflow = await publishWorkflow(f, graph);
    const draft = await server.call("POST", "/manage/v1/apps", {
      token: server.adminToken,
      body: { workspaceId: f.workspaceId, type: "workflow", name: "probe-draft" },
    });
    ids.draftWorkflow = draft.body.id;
    const key = await f.createKey();
    ids.key = key.id;
    const called = await f.complete(workflow, key.secret, { input: { prompt: "hi" } });
    ids.call = (await called.json()).request_id;
    await server.container.callLog.flush();
    ids.run = (await server.call("GET", `/manage/v1/apps/${workflow}/runs`, { token: server.adminToken })).body.items[0].id;
    ids.token = (await server.call("GET", "/manage/v1/tokens", { token: server.adminToken })).body.items[0].id;
    const otherKeyRes = await server.call("POST", "/manage/v1/api-keys", { token: server.adminToken, body: { workspaceId: other, description: "other" } });
    otherKey = otherKeyRes.body.secret;
    ids.memory = (await server.call("POST", "/manage/v1/memories", { token: server.adminToken, body: { workspaceId: f.workspaceId } })).body.id;
    ids.memoryNode = (
      await server.call("POST", `/manage/v1/memories/${ids.memory}/nodes`, { token: server.adminToken, body: { content: "likes tea" } })
    ).body.id;
    ids.knowledgeBase = await createKnowledgeBase(server, f.workspaceId, { name: "probe-kb" });
    ids.document = await uploadOne(server, ids.knowledgeBase);
    ids.chunk = (await seedChunks(server, ids.document, ["probe chunk"]))[0]?.id ?? "";
  }, 60_000);
  afterAll(() => f?.close());

  type Probe = [
    name: string,
    who: "outsider" | "memberOfW",
    kind: keyof typeof missing,
    existing: () => string,
    request: (id: string) => [string, string, unknown?],
  ];
  const M = "/manage/v1";
  const probes: Probe[] = [
    ["GET workspace", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/workspaces/${id}`]],
    ["rename workspace", "outsider", "workspace", () => ids.workspace, (id) => ["PATCH", `${M}/workspaces/${id}`, { name: "x" }]],
    ["delete workspace", "outsider", "workspace", () => ids.workspace, (id) => ["DELETE", `${M}/workspaces/${id}`]],
    ["list members", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/workspaces/${id}/members`]],
    [
      "join a workspace",
      "outsider",
      "workspace",
      () => ids.workspace,
      (id) => ["POST", `${M}/workspaces/${id}/members`, { userId: ids.member, role: "admin" }],
    ],
    ["remove a member", "outsider", "workspace", () => ids.workspace, (id) => ["DELETE", `${M}/workspaces/${id}/members/${ids.member}`]],
    ["GET app", "outsider", "app", () => ids.app, (id) => ["GET", `${M}/apps/${id}`]],
    ["PATCH app", "outsider", "app", () => ids.app, (id) => ["PATCH", `${M}/apps/${id}`, { description: "x" }]],
    ["DELETE app", "outsider", "app", () => ids.app, (id) => ["DELETE", `${M}/apps/${id}`]],
    ["publish app", "outsider", "app", () => ids.app, (id) => ["POST", `${M}/apps/${id}/publish`, {}]],
    ["app versions", "outsider", "app", () => ids.app, (id) => ["GET", `${M}/apps/${id}/versions`]],
    ["app version 1", "outsider", "app", () => ids.app, (id) => ["GET", `${M}/apps/${id}/versions/1`]],
    ["roll back app", "outsider", "app", () => ids.app, (id) => ["POST", `${M}/apps/${id}/rollback`, { version: 1 }]],
    ["test-run app", "outsider", "app", () => ids.app, (id) => ["POST", `${M}/apps/${id}/test-run`, { input: { prompt: "hi" } }]],
    ["app runs", "outsider", "app", () => ids.app, (id) => ["GET", `${M}/apps/${id}/runs`]],
    ["app by name in W", "outsider", "app", () => "agent-1", (name) => ["GET", `${M}/apps/${name}?workspaceId=${ids.workspace}`]],
    ["GET key", "outsider", "key", () => ids.key, (id) => ["GET", `${M}/api-keys/${id}`]],
    ["GET key (member of W)", "memberOfW", "key", () => ids.key, (id) => ["GET", `${M}/api-keys/${id}`]],
    ["PATCH key", "outsider", "key", () => ids.key, (id) => ["PATCH", `${M}/api-keys/${id}`, { description: "x" }]],
    ["reset key", "memberOfW", "key", () => ids.key, (id) => ["POST", `${M}/api-keys/${id}/reset`]],
    ["disable key", "outsider", "key", () => ids.key, (id) => ["POST", `${M}/api-keys/${id}/disable`]],
    ["enable key", "outsider", "key", () => ids.key, (id) => ["POST", `${M}/api-keys/${id}/enable`]],
    ["DELETE key", "outsider", "key", () => ids.key, (id) => ["DELETE", `${M}/api-keys/${id}`]],
    ["GET run", "outsider", "uuid", () => ids.run, (id) => ["GET", `${M}/runs/${id}`]],
    ["GET call", "outsider", "uuid", () => ids.call, (id) => ["GET", `${M}/call-logs/${id}`]],
    ["GET user", "outsider", "user", () => ids.user, (id) => ["GET", `${M}/users/${id}`]],
    ["PATCH user", "outsider", "user", () => ids.user, (id) => ["PATCH", `${M}/users/${id}`, { password: "taken-over-password-1" }]],
    ["DELETE user", "memberOfW", "user", () => ids.user, (id) => ["DELETE", `${M}/users/${id}`]],
    ["revoke a token", "outsider", "token", () => ids.token, (id) => ["DELETE", `${M}/tokens/${id}`]],
    ["list apps of W", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/apps?workspaceId=${id}`]],
    ["list keys of W", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/api-keys?workspaceId=${id}`]],
    ["list calls of W", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/call-logs?workspaceId=${id}`]],
    ["call stats of W", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/call-logs/stats?workspaceId=${id}`]],
    ["audit of W", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/audit-events?workspaceId=${id}`]],
    ["providers of W", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/providers?workspaceId=${id}`]],
    ["create an app in W", "outsider", "workspace", () => ids.workspace, (id) => ["POST", `${M}/apps`, { workspaceId: id, type: "agent", name: "probe" }]],
    ["create a key in W", "outsider", "workspace", () => ids.workspace, (id) => ["POST", `${M}/api-keys`, { workspaceId: id }]],
    ["GET memory", "outsider", "memory", () => ids.memory, (id) => ["GET", `${M}/memories/${id}`]],
    ["PATCH memory", "outsider", "memory", () => ids.memory, (id) => ["PATCH", `${M}/memories/${id}`, { description: "x" }]],
    ["DELETE memory", "outsider", "memory", () => ids.memory, (id) => ["DELETE", `${M}/memories/${id}`]],
    ["memory nodes", "outsider", "memory", () => ids.memory, (id) => ["GET", `${M}/memories/${id}/nodes`]],
    ["add a memory node", "outsider", "memory", () => ids.memory, (id) => ["POST", `${M}/memories/${id}/nodes`, { content: "x" }]],
    ["GET memory node", "outsider", "memory", () => ids.memoryNode, (id) => ["GET", `${M}/memories/${ids.memory}/nodes/${id}`]],
    ["GET knowledge base", "outsider", "knowledgeBase", () => ids.knowledgeBase, (id) => ["GET", `${M}/knowledge-bases/${id}`]],
    [
      "knowledge base by name in W",
      "outsider",
      "knowledgeBase",
      () => "probe-kb",
      (name) => ["GET", `${M}/knowledge-bases/${name}?workspaceId=${ids.workspace}`],
    ],
    ["PATCH knowledge base", "outsider", "knowledgeBase", () => ids.knowledgeBase, (id) => ["PATCH", `${M}/knowledge-bases/${id}`, { description: "x" }]],
    ["DELETE knowledge base", "outsider", "knowledgeBase", () => ids.knowledgeBase, (id) => ["DELETE", `${M}/knowledge-bases/${id}`]],
    ["re-index knowledge base", "outsider", "knowledgeBase", () => ids.knowledgeBase, (id) => ["POST", `${M}/knowledge-bases/${id}/reindex`]],
    ["documents of a knowledge base", "outsider", "knowledgeBase", () => ids.knowledgeBase, (id) => ["GET", `${M}/knowledge-bases/${id}/documents`]],
    ["hit testing", "outsider", "knowledgeBase", () => ids.knowledgeBase, (id) => ["POST", `${M}/knowledge-bases/${id}/retrieve`, { query: "install" }]],
    ["GET document", "outsider", "document", () => ids.document, (id) => ["GET", `${M}/knowledge-documents/${id}`]],
    ["PATCH document", "outsider", "document", () => ids.document, (id) => ["PATCH", `${M}/knowledge-documents/${id}`, { tags: ["x"] }]],
    ["DELETE document", "outsider", "document", () => ids.document, (id) => ["DELETE", `${M}/knowledge-documents/${id}`]],
    ["re-index document", "outsider", "document", () => ids.document, (id) => ["POST", `${M}/knowledge-documents/${id}/reindex`]],
    ["download document", "outsider", "document", () => ids.document, (id) => ["GET", `${M}/knowledge-documents/${id}/file`]],
    ["chunks of a document", "outsider", "document", () => ids.document, (id) => ["GET", `${M}/knowledge-documents/${id}/chunks`]],
    ["PATCH chunk", "outsider", "chunk", () => ids.chunk, (id) => ["PATCH", `${M}/knowledge-chunks/${id}`, { enabled: false }]],
    ["DELETE chunk", "outsider", "chunk", () => ids.chunk, (id) => ["DELETE", `${M}/knowledge-chunks/${id}`]],
    ["list knowledge bases of W", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/knowledge-bases?workspaceId=${id}`]],
    [
      "create a knowledge base in W",
      "outsider",
      "workspace",
      () => ids.workspace,
      (id) => ["POST", `${M}/knowledge-bases`, { workspaceId: id, name: "probe" }],
    ],
    ["list memories of W", "outsider", "workspace", () => ids.workspace, (id) => ["GET", `${M}/memories?workspaceId=${id}`]],
    ["create a memory in W", "outsider", "workspace", () => ids.workspace, (id) => ["POST", `${M}/memories`, { workspaceId: id }]],
  ];

  it.each(probes)("%s: an existing ID answers exactly like a missing one", async (_name, who, kind, existing, request) => {
    const token = who === "outsider" ? outsider : memberOfW;
    const ask = async (id: string) => {
      const [method, path, body] = request(id);
      return comparable(await f.server.call(method, path, { token, ...(body !== undefined ? { body } : {}) }), id);
    };
    const forExisting = await ask(existing());
    expect(forExisting.status, JSON.stringify(forExisting)).toBeGreaterThanOrEqual(400);
    expect(forExisting).toEqual(await ask(kind === "app" && !existing().match(/^[0-9a-f]{32}$/) ? `no-such-app-${alnum(6)}` : missing[kind]()));
  });

  it("answers 404 NotFound, as for a missing ID, for a resource in a workspace the caller cannot see", async () => {
    const res = await f.server.call("GET", `${M}/apps/${ids.app}`, { token: outsider });
    expect({ status: res.status, code: res.body.code, message: res.body.message }).toEqual({
      status: 404,
      code: "NotFound",
      message: `App '${ids.app}' was not found.`,
    });
  });

  it("lets an sk- key of another workspace tell no app of this workspace from a missing one", async () => {
    const ask = async (appId: string) => {
      const res = await f.complete(appId, otherKey, { input: { prompt: "hi" } });
      const body = await res.json();
      return { status: res.status, code: body.code, message: body.message };
    };
    const denied = { status: 403, code: "App.AccessDenied", message: "App access denied." };
    expect(await ask(ids.app)).toEqual(denied);
    // An unpublished workflow of the caller's own workspace answers FlowNotPublished; one of another workspace must not.
    expect(await ask(ids.draftWorkflow)).toEqual(denied);
    expect(await ask(missing.app())).toEqual(denied);
  });
});
