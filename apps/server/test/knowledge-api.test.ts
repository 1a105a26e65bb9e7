import { createHash } from "node:crypto";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { createWorkspace } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";
import { createKnowledgeBase, KNOWLEDGE_TEST_ENV, sampleFiles, seedChunks, uploadFiles, uploadOne } from "./support/knowledge.js";

const M = "/manage/v1";

describe.each(testDialects())("knowledge bases over the management API (%s)", (dialect) => {
  let server: TestServer;
  let ws: string;
  const call = (method: string, path: string, body?: unknown) =>
    server.call(method, `${M}${path}`, { token: server.adminToken, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    server = await startTestServer({ dialect, env: KNOWLEDGE_TEST_ENV });
    ws = await createWorkspace(server);
  });
  afterAll(() => server?.close());

  it("creates with defaults, gets by ID and by name, lists with counts, updates and deletes", async () => {
    const created = await call("POST", "/knowledge-bases", { workspaceId: ws, name: "  Handbook ", description: "HR rules" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      workspaceId: ws,
      name: "Handbook",
      description: "HR rules",
      chunking: { chunkTokens: 500, overlapTokens: 50 },
      embeddingModel: null,
      rerankModel: null,
      documentCount: 0,
      chunkCount: 0,
      status: "empty",
    });
    const id: string = created.body.id;
    expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect((await call("GET", `/knowledge-bases/${id}`)).body).toEqual(created.body);
    expect((await call("GET", `/knowledge-bases/Handbook?workspaceId=${ws}`)).body.id).toBe(id);
    expectError(await call("GET", "/knowledge-bases/Handbook"), 404, "NotFound");
    expectError(await call("POST", "/knowledge-bases", { workspaceId: ws, name: "Handbook" }), 409, "Conflict");

    const listed = await call("GET", `/knowledge-bases?workspaceId=${ws}&name=hand`);
    expect(listed.body).toMatchObject({ total: 1, items: [{ id, name: "Handbook" }] });
    expectError(await call("GET", "/knowledge-bases"), 400, "InvalidParameter");

    const patched = await call("PATCH", `/knowledge-bases/${id}`, { chunking: { chunkTokens: 60 }, embeddingModel: "text-embedding-v4", rerankModel: "" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(400);
    expect(patched.body.details.fields[0].field).toBe("chunking.overlapTokens");
    const ok = await call("PATCH", `/knowledge-bases/${id}`, {
      chunking: { chunkTokens: 60, overlapTokens: 30 },
      embeddingModel: "text-embedding-v4",
      rerankModel: "",
    });
    expect(ok.body).toMatchObject({ chunking: { chunkTokens: 60, overlapTokens: 30 }, embeddingModel: "text-embedding-v4", rerankModel: null });
    expect((await call("PATCH", `/knowledge-bases/${id}`, { embeddingModel: null })).body.embeddingModel).toBeNull();
    for (const chunking of [{ chunkTokens: 49 }, { chunkTokens: 4001 }, { chunkTokens: 100, overlapTokens: 51 }]) {
      expectError(await call("POST", "/knowledge-bases", { workspaceId: ws, name: "bad-chunking", chunking }), 400, "InvalidParameter");
    }
    const small = await call("POST", "/knowledge-bases", { workspaceId: ws, name: "small-chunks", chunking: { chunkTokens: 50 } });
    expect(small.body.chunking).toEqual({ chunkTokens: 50, overlapTokens: 25 });

    expect((await call("DELETE", `/knowledge-bases/${id}`)).body).toEqual({ ok: true });
    expectError(await call("GET", `/knowledge-bases/${id}`), 404, "NotFound");
    const audit = await call("GET", `/audit-events?workspaceId=${ws}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["knowledge-base.create", "knowledge-base.update", "knowledge-base.delete"]),
    );
  });

  it("refuses to delete a workspace that still holds a knowledge base", async () => {
    const doomed = await createWorkspace(server);
    const kb = await createKnowledgeBase(server, doomed);
    const refused = await call("DELETE", `/workspaces/${doomed}`);
    expectError(refused, 409, "WorkspaceNotEmpty");
    expect(refused.body.details).toMatchObject({ knowledgeBases: 1 });
    expect((await call("DELETE", `/knowledge-bases/${kb}`)).status).toBe(200);
    expect((await call("DELETE", `/workspaces/${doomed}`)).status).toBe(200);
  });

  it("stores several files of one upload, refusing an oversize, an unsupported and an empty one on their own", async () => {
    const kb = await createKnowledgeBase(server, ws);
    const res = await uploadFiles(
      server,
      kb,
      [
        sampleFiles.markdown("guide.md"),
        { name: "huge.md", content: "x".repeat(5000) },
        { name: "tool.exe", content: "MZ\x90\x00" },
        sampleFiles.pdf("manual.pdf"),
        { name: "empty.txt", content: "" },
        { name: "report.xlsx", content: "PK\u0003\u0004 a spreadsheet" },
        sampleFiles.csv("prices.csv"),
      ],
      {
        fields: [
          ["tags", "hr, policy"],
          ["metadata", '{"year": 2026, "public": true}'],
        ],
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.items.map((d: { name: string; format: string }) => [d.name, d.format])).toEqual([
      ["guide.md", "markdown"],
      ["manual.pdf", "pdf"],
      ["prices.csv", "csv"],
    ]);
    expect(res.body.errors.map((e: { fileName: string; code: string }) => [e.fileName, e.code])).toEqual([
      ["huge.md", "BadRequest.TooLarge"],
      ["tool.exe", "InvalidParameter"],
      ["empty.txt", "InvalidParameter"],
      ["report.xlsx", "InvalidParameter"],
    ]);
    expect(res.body.errors[0].message).toContain("4 KiB");
    expect(res.body.errors[1].message).toContain("not a supported file type");
    const guide = res.body.items[0];
    const content = sampleFiles.markdown().content as string;
    expect(guide).toMatchObject({
      knowledgeBaseId: kb,
      workspaceId: ws,
      status: "queued",
      tags: ["hr", "policy"],
      metadata: { year: 2026, public: true },
      sizeBytes: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      chunkCount: 0,
      error: null,
    });
    expect(guide.id).toMatch(/^file_[0-9a-f]{32}$/);
    // Every stored document has its job queued.
    const jobs = await server.container.database.db.selectFrom("knowledge_jobs").select(["document_id", "state"]).where("workspace_id", "=", ws).execute();
    for (const doc of res.body.items) expect(jobs).toContainEqual({ document_id: doc.id, state: "queued" });
    expect(await call("GET", `/knowledge-bases/${kb}`)).toMatchObject({ body: { documentCount: 3, status: "indexing" } });
  });

  it("answers an upload that stores nothing with the first file's error, and refuses a non-multipart body", async () => {
    const kb = await createKnowledgeBase(server, ws);
    const oversize = await uploadFiles(server, kb, [{ name: "big.txt", content: "y".repeat(5000) }]);
    expectError(oversize, 400, "BadRequest.TooLarge");
    expect(oversize.body.details.errors).toEqual([{ fileName: "big.txt", code: "BadRequest.TooLarge", message: oversize.body.message }]);
    expectError(await uploadFiles(server, kb, []), 400, "InvalidParameter");
    expectError(await call("POST", `/knowledge-bases/${kb}/documents`, { file: "x" }), 400, "BadRequest.IllegalInput");
    const badTags = await uploadFiles(server, kb, [sampleFiles.markdown()], { fields: [["tags", `["${"t".repeat(65)}"]`]] });
    expectError(badTags, 400, "InvalidParameter");
    expect(badTags.body.message).toContain("tags");
    expectError(await uploadFiles(server, kb, [sampleFiles.markdown()], { fields: [["title", "x"]] }), 400, "InvalidParameter");
    expect((await call("GET", `/knowledge-bases/${kb}`)).body.documentCount).toBe(0);
  });

  it("stores the first 20 files of a request and reports that the rest were not read", async () => {
    const kb = await createKnowledgeBase(server, ws);
    const files = Array.from({ length: 22 }, (_, i) => sampleFiles.markdown(`part-${i}.md`));
    const res = await uploadFiles(server, kb, files);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.items).toHaveLength(20);
    expect(res.body.errors).toEqual([{ fileName: null, code: "InvalidParameter", message: expect.stringContaining("At most 20 files") }]);
    expect((await call("GET", `/knowledge-bases/${kb}`)).body.documentCount).toBe(20);
  });

  it("answers a broken multipart body with a 400, keeping the files read before the break", async () => {
    const kb = await createKnowledgeBase(server, ws);
    const send = async (body: string, contentType = "multipart/form-data; boundary=xyz") => {
      const res = await fetch(`${server.url}${M}/knowledge-bases/${kb}/documents`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.adminToken}`, "content-type": contentType },
        body,
      });
      return { status: res.status, body: await res.json(), headers: res.headers };
    };
    const part = (headers: string, content: string) => `--xyz\r\n${headers}\r\n\r\n${content}\r\n`;
    const file = (name: string) => `Content-Disposition: form-data; name="file"; filename="${name}"`;
    expectError(await send("garbage"), 400, "BadRequest.IllegalInput");
    expectError(await send("garbage", "multipart/form-data"), 400, "BadRequest.IllegalInput");
    expectError(await send(`--xyz\r\n${file("cut.md")}\r\n\r\nno end`), 400, "BadRequest.IllegalInput");
    expectError(await send(`${part('Content-Disposition: form-data; name="__proto__"', "x")}--xyz--\r\n`), 400, "BadRequest.IllegalInput");
    expectError(
      await send(`${part('Content-Disposition: form-data; name="metadata"\r\nContent-Type: application/json', "{bad")}--xyz--\r\n`),
      400,
      "BadRequest.IllegalInput",
    );
    const cutAfterOne = await send(`${part(file("kept.md"), "kept")}--xyz\r\n${file("cut.md")}\r\n\r\nhalf`);
    expect(cutAfterOne.status).toBe(201);
    expect(cutAfterOne.body.items.map((d: { name: string }) => d.name)).toEqual(["kept.md"]);
    expect(cutAfterOne.body.errors).toEqual([{ fileName: null, code: "BadRequest.IllegalInput", message: expect.stringContaining("could not be read") }]);
    const traversal = await send(`${part(file("../../etc/passwd.txt"), "x")}--xyz--\r\n`);
    expect(traversal.body.items[0].name).toBe("passwd.txt");
  });

  it("takes tags as a JSON array and repeated fields, and uploads to a knowledge base named with ?workspaceId=", async () => {
    const kb = await createKnowledgeBase(server, ws, { name: "by-name" });
    const res = await uploadFiles(server, "by-name", [sampleFiles.markdown()], {
      query: `?workspaceId=${ws}`,
      fields: [
        ["tags", '["a","b"]'],
        ["tags", "b,c"],
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.items[0]).toMatchObject({ knowledgeBaseId: kb, tags: ["a", "b", "c"] });
  });

  it("lists documents with filters, edits tags and metadata, serves the original file, re-indexes and deletes", async () => {
    const kb = await createKnowledgeBase(server, ws);
    const guide = await uploadOne(server, kb, sampleFiles.markdown('Guide (v2) ünïcode "q".md'));
    const prices = await uploadOne(server, kb, sampleFiles.csv());
    expect((await call("PATCH", `/knowledge-documents/${prices}`, { tags: ["finance"], metadata: { quarter: "Q1", year: 2026 } })).body).toMatchObject({
      tags: ["finance"],
      metadata: { quarter: "Q1", year: 2026 },
    });
    expectError(await call("PATCH", `/knowledge-documents/${prices}`, { metadata: { nested: { a: 1 } } }), 400, "InvalidParameter");
    const names = async (query: string) => (await call("GET", `/knowledge-bases/${kb}/documents${query}`)).body.items.map((d: { id: string }) => d.id);
    expect(await names("")).toEqual([prices, guide]);
    expect(await names("?tag=finance")).toEqual([prices]);
    expect(await names("?name=GUIDE")).toEqual([guide]);
    expect(await names("?status=ready")).toEqual([]);
    expectError(await call("GET", `/knowledge-bases/${kb}/documents?status=done`), 400, "InvalidParameter");

    const file = await fetch(`${server.url}${M}/knowledge-documents/${guide}/file`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(sampleFiles.markdown().content);
    expect(file.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(file.headers.get("content-disposition")).toBe(
      `attachment; filename="Guide (v2) _n_code _q_.md"; filename*=UTF-8''${encodeURIComponent('Guide (v2) ünïcode "q".md').replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(file.headers.get("content-security-policy")).toContain("sandbox");

    // Re-index: back to queued with a fresh job, from wherever it was.
    await server.container.core.repos.knowledgeDocuments.setStatus(guide, "failed", { error: "boom", updatedAt: new Date().toISOString() });
    await server.container.database.db.updateTable("knowledge_jobs").set({ state: "failed", attempts: 3 }).where("document_id", "=", guide).execute();
    expect((await call("POST", `/knowledge-documents/${guide}/reindex`)).body).toMatchObject({ id: guide, status: "queued", error: null });
    const job = await server.container.database.db.selectFrom("knowledge_jobs").selectAll().where("document_id", "=", guide).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: "queued", attempts: 0 });
    expect((await call("POST", `/knowledge-bases/${kb}/reindex`)).body).toEqual({ queued: 2 });

    await seedChunks(server, guide, ["one two", "three"]);
    expect((await call("DELETE", `/knowledge-documents/${guide}`)).body).toEqual({ ok: true });
    expectError(await call("GET", `/knowledge-documents/${guide}`), 404, "NotFound");
    expectError(await call("GET", `/knowledge-documents/${guide}/file`), 404, "NotFound");
    const left = await server.container.database.db.selectFrom("knowledge_chunks").select("id").where("document_id", "=", guide).execute();
    expect(left).toEqual([]);
    expect((await call("GET", `/knowledge-bases/${kb}`)).body).toMatchObject({ documentCount: 1 });
  });

  it("lists chunks in order, edits text (token count recounted), disables and deletes a chunk", async () => {
    const kb = await createKnowledgeBase(server, ws);
    const doc = await uploadOne(server, kb);
    const [first, second, third] = (await seedChunks(server, doc, ["alpha beta", "gamma", "delta epsilon zeta"])).map((c) => c.id);
    const page = await call("GET", `/knowledge-documents/${doc}/chunks?limit=2&offset=1`);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.items.map((c: { id: string }) => c.id)).toEqual([second, third]);

    const edited = await call("PATCH", `/knowledge-chunks/${first}`, { text: "one two three four" });
    expect(edited.body).toMatchObject({ id: first, text: "one two three four", tokenCount: 4, edited: true, enabled: true });
    expect((await call("PATCH", `/knowledge-chunks/${second}`, { enabled: false })).body).toMatchObject({ enabled: false, edited: false });
    expectError(await call("PATCH", `/knowledge-chunks/${second}`, { text: "   " }), 400, "InvalidParameter");
    expect((await call("DELETE", `/knowledge-chunks/${third}`)).body).toEqual({ ok: true });
    expectError(await call("PATCH", `/knowledge-chunks/${third}`, { enabled: true }), 404, "NotFound");
    expect((await call("GET", `/knowledge-documents/${doc}`)).body.chunkCount).toBe(2);
    expect((await call("GET", `/knowledge-bases/${kb}`)).body.chunkCount).toBe(2);
  });
});
