import { randomBytes } from "node:crypto";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { addMember, createApiKey, createToken, createUser, createWorkspace } from "./support/accounts.js";
import { type CallResult, expectError } from "./support/error-body.js";
import { createKnowledgeBase, KNOWLEDGE_TEST_ENV, sampleFiles, seedChunks, uploadFiles, uploadOne } from "./support/knowledge.js";

const M = "/manage/v1";
const alnum = (n: number) => Array.from(randomBytes(n), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");

/** What a prober can compare, with the ID asked for masked out. */
const comparable = (res: CallResult, id: string) => ({ status: res.status, code: res.body?.code, message: String(res.body?.message).replaceAll(id, "<id>") });

describe.each(testDialects())("knowledge: isolation between workspaces and who may write (%s)", (dialect) => {
  let server: TestServer;
  let wsA: string;
  let wsB: string;
  let kbA: string;
  let kbAName: string;
  let kbB: string;
  let docA: string;
  let chunkA: string;
  const tokens = {} as Record<"adminOfB" | "memberOfA" | "readOnlyAdminOfA" | "control", string>;
  const keys = {} as Record<"A" | "B", string>;

  beforeAll(async () => {
    server = await startTestServer({ dialect, env: KNOWLEDGE_TEST_ENV });
    wsA = await createWorkspace(server);
    wsB = await createWorkspace(server);
    kbAName = `secret-${alnum(6)}`;
    kbA = await createKnowledgeBase(server, wsA, { name: kbAName });
    kbB = await createKnowledgeBase(server, wsB);
    docA = await uploadOne(server, kbA);
    const [chunk] = await seedChunks(server, docA, ["the secret of A"]);
    chunkA = chunk?.id ?? "";
    await uploadOne(server, kbB);

    const user = async (role: { ws: string; role: "admin" | "member" } | undefined, policies: ("ReadOnlyAccess" | "ControlFullAccess")[] = []) => {
      const u = await createUser(server, { policies });
      if (role) await addMember(server, role.ws, u.id, role.role);
      return (await createToken(server, u)).secret;
    };
    tokens.adminOfB = await user({ ws: wsB, role: "admin" });
    tokens.memberOfA = await user({ ws: wsA, role: "member" });
    tokens.readOnlyAdminOfA = await user({ ws: wsA, role: "admin" }, ["ReadOnlyAccess"]);
    tokens.control = await user(undefined, ["ControlFullAccess"]);
    keys.A = (await createApiKey(server, wsA)).secret;
    keys.B = (await createApiKey(server, wsB)).secret;
  });
  afterAll(() => server?.close());

  const as = (token: string) => (method: string, path: string, body?: unknown) =>
    server.call(method, `${M}${path}`, { token, ...(body !== undefined ? { body } : {}) });

  it("never shows a knowledge base, document or chunk of workspace A to an administrator of B, by ID or by list", async () => {
    const b = as(tokens.adminOfB);
    const byId: [string, string, unknown?][] = [
      ["GET", `/knowledge-bases/${kbA}`],
      ["GET", `/knowledge-bases/${kbA}?workspaceId=${wsB}`],
      ["GET", `/knowledge-bases/${kbAName}?workspaceId=${wsB}`],
      ["PATCH", `/knowledge-bases/${kbA}`, { name: "hijacked" }],
      ["POST", `/knowledge-bases/${kbA}/reindex`],
      ["GET", `/knowledge-bases/${kbA}/documents`],
      ["GET", `/knowledge-documents/${docA}`],
      ["PATCH", `/knowledge-documents/${docA}`, { tags: ["hijacked"] }],
      ["POST", `/knowledge-documents/${docA}/reindex`],
      ["GET", `/knowledge-documents/${docA}/file`],
      ["GET", `/knowledge-documents/${docA}/chunks`],
      ["PATCH", `/knowledge-chunks/${chunkA}`, { enabled: false }],
      ["DELETE", `/knowledge-chunks/${chunkA}`],
      ["DELETE", `/knowledge-documents/${docA}`],
      ["DELETE", `/knowledge-bases/${kbA}`],
    ];
    for (const [method, path, body] of byId) expectError(await b(method, path, body), 404, "NotFound", `${method} ${path}`);
    expectError(await uploadFiles(server, kbA, [sampleFiles.markdown()], { token: tokens.adminOfB }), 404, "NotFound");
    expectError(await b("GET", `/knowledge-bases?workspaceId=${wsA}`), 403, "InsufficientPermissions");
    const own = await b("GET", `/knowledge-bases?workspaceId=${wsB}`);
    expect(own.body.items.map((k: { id: string }) => k.id)).toEqual([kbB]);

    // A is untouched.
    const admin = as(server.adminToken);
    expect((await admin("GET", `/knowledge-bases/${kbA}`)).body).toMatchObject({ name: kbAName, documentCount: 1, chunkCount: 1 });
    expect((await admin("GET", `/knowledge-documents/${docA}`)).body).toMatchObject({ tags: [], status: "queued" });
    expect((await admin("GET", `/knowledge-documents/${docA}/chunks`)).body.items[0]).toMatchObject({ id: chunkA, enabled: true, text: "the secret of A" });
  });

  it("answers a hidden ID exactly like a missing one, so IDs cannot be probed", async () => {
    const b = as(tokens.adminOfB);
    const cases = [
      [`/knowledge-bases/`, kbA, alnum(10)],
      [`/knowledge-documents/`, docA, `file_${randomBytes(16).toString("hex")}`],
      [`/knowledge-documents/`, `${docA}/chunks`, `file_${randomBytes(16).toString("hex")}/chunks`],
    ] as const;
    for (const [prefix, hidden, missing] of cases) {
      const id = (path: string) => path.split("/")[0] ?? path;
      expect(comparable(await b("GET", `${prefix}${hidden}`), id(hidden))).toEqual(comparable(await b("GET", `${prefix}${missing}`), id(missing)));
    }
    const missingChunk = randomBytes(16).toString("hex");
    expect(comparable(await b("DELETE", `/knowledge-chunks/${chunkA}`), chunkA)).toEqual(
      comparable(await b("DELETE", `/knowledge-chunks/${missingChunk}`), missingChunk),
    );
  });

  it("lists through an sk- key only the knowledge bases of the key's workspace", async () => {
    const list = async (key: string, query = "") => {
      const res = await fetch(`${server.url}/api/v1/knowledge-bases${query}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as { total: number; items: { knowledge_base_id: string; workspace_id: string; document_count: number }[] };
    };
    expect(await list(keys.A)).toMatchObject({
      total: 1,
      items: [{ knowledge_base_id: kbA, workspace_id: wsA, document_count: 1, name: kbAName, status: "indexing" }],
    });
    expect((await list(keys.B)).items.map((k) => k.knowledge_base_id)).toEqual([kbB]);
    expect((await list(keys.B, `?name=${kbAName}`)).items).toEqual([]);
    const anonymous = await fetch(`${server.url}/api/v1/knowledge-bases`);
    expect(anonymous.status).toBe(401);
  });

  it("lets a member write, and refuses writes to ReadOnlyAccess and ControlFullAccess holders, who may still read", async () => {
    const member = as(tokens.memberOfA);
    const kb = await createKnowledgeBase(server, wsA, { token: tokens.memberOfA });
    const doc = await uploadOne(server, kb, sampleFiles.markdown(), tokens.memberOfA);
    const [seeded] = await seedChunks(server, doc, ["member text"]);
    const chunk = seeded?.id ?? "";
    expect((await member("PATCH", `/knowledge-documents/${doc}`, { tags: ["mine"] })).status).toBe(200);
    expect((await member("PATCH", `/knowledge-chunks/${chunk}`, { enabled: false })).status).toBe(200);

    for (const reader of [tokens.readOnlyAdminOfA, tokens.control]) {
      const r = as(reader);
      expect((await r("GET", `/knowledge-bases?workspaceId=${wsA}`)).body.items.map((k: { id: string }) => k.id)).toContain(kb);
      expect((await r("GET", `/knowledge-bases/${kb}`)).status).toBe(200);
      expect((await r("GET", `/knowledge-bases/${kb}/documents`)).body.items[0].id).toBe(doc);
      expect((await r("GET", `/knowledge-documents/${doc}/chunks`)).body.items[0].id).toBe(chunk);
      expect((await fetch(`${server.url}${M}/knowledge-documents/${doc}/file`, { headers: { authorization: `Bearer ${reader}` } })).status).toBe(200);
      const refused: [string, string, unknown?][] = [
        ["POST", "/knowledge-bases", { workspaceId: wsA, name: `not-allowed-${alnum(4)}` }],
        ["PATCH", `/knowledge-bases/${kb}`, { description: "no" }],
        ["POST", `/knowledge-bases/${kb}/reindex`],
        ["PATCH", `/knowledge-documents/${doc}`, { tags: ["no"] }],
        ["POST", `/knowledge-documents/${doc}/reindex`],
        ["PATCH", `/knowledge-chunks/${chunk}`, { text: "no" }],
        ["DELETE", `/knowledge-chunks/${chunk}`],
        ["DELETE", `/knowledge-documents/${doc}`],
        ["DELETE", `/knowledge-bases/${kb}`],
      ];
      for (const [method, path, body] of refused) expectError(await r(method, path, body), 403, "InsufficientPermissions", `${method} ${path}`);
      expectError(await uploadFiles(server, kb, [sampleFiles.markdown()], { token: reader }), 403, "InsufficientPermissions");
    }
    expect((await member("GET", `/knowledge-bases/${kb}`)).body).toMatchObject({ documentCount: 1, chunkCount: 1 });
    expect((await member("DELETE", `/knowledge-bases/${kb}`)).status).toBe(200);
  });
});
