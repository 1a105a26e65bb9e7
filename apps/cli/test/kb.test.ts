import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, loggedInSandbox } from "./support/cli-runner.js";

/** Splits a table into rows of cells (columns are separated by two or more spaces). */
const rows = (table: string) =>
  table
    .trimEnd()
    .split("\n")
    .map((line) => line.trim().split(/\s{2,}/));

describe("appstudio kb", () => {
  let server: TestServer;
  let cli: CliSandbox;
  let dir: string;
  let workspaceId: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    // No background ingestion: document statuses stay where uploads leave them.
    server = await startTestServer({ env: { APPSTUDIO_KNOWLEDGE_CONCURRENCY: "0", APPSTUDIO_KNOWLEDGE_MAX_FILE_BYTES: "2048" } });
    cli = await loggedInSandbox(server);
    dir = mkdtempSync(join(tmpdir(), "appstudio-kb-files-"));
    workspaceId = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items[0].id;
  });
  afterAll(async () => {
    cli.cleanup();
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  it("creates, lists, gets (by name and ID), updates and deletes a knowledge base", async () => {
    const created = await cli.run(["kb", "create", "handbook", "--description", "HR rules", "--chunk-tokens", "300"]);
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect((await cli.run(["kb", "create", "handbook"])).code).toBe(6);

    const table = rows((await cli.run(["kb", "list"])).stdout);
    expect(table[0]).toEqual(["KB ID", "NAME", "DOCS", "CHUNKS", "STATUS", "EMBEDDING", "UPDATED"]);
    expect(table.find((r) => r[1] === "handbook")?.slice(0, 6)).toEqual([id, "handbook", "0", "0", "empty", "-"]);
    const listed = JSON.parse((await cli.run(["kb", "list", "--json"])).stdout);
    expect(listed).toEqual([expect.objectContaining({ id, workspaceId, name: "handbook", chunking: { chunkTokens: 300, overlapTokens: 50 } })]);

    expect((await cli.run(["kb", "get", "handbook"])).stdout).toMatch(new RegExp(`Knowledge base ID:\\s+${id}`));
    expect(JSON.parse((await cli.run(["kb", "get", id, "--json"])).stdout).description).toBe("HR rules");

    const updated = await cli.run(["kb", "update", "handbook", "--name", "handbook-2", "--embedding-model", "text-embedding-v4", "--json"]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ id, name: "handbook-2", embeddingModel: "text-embedding-v4" });
    expect((await cli.run(["kb", "update", id, "--overlap-tokens", "200"])).code).toBe(2);
    expect((await cli.run(["kb", "update", id])).code).toBe(2);

    const refused = await cli.run(["kb", "delete", id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--yes");
    expect((await cli.run(["kb", "delete", "handbook-2", "--yes"])).code).toBe(0);
    const gone = await cli.run(["kb", "get", id]);
    expect(gone.code).toBe(4);
    expect(gone.stderr).toContain("not found");
  });

  it("uploads several files, reporting the refused ones and exiting non-zero; lists documents and chunks; re-indexes; deletes", async () => {
    const id = (await cli.run(["kb", "create", "manuals"])).stdout.trim();
    const guideFile = file("guide.md", "# Guide\n\nHello.");
    const files = [guideFile, file("tool.exe", "MZ"), file("big.txt", "x".repeat(3000)), file("prices.csv", "a,b\n1,2\n")];
    const upload = await cli.run([
      "kb",
      "upload",
      "manuals",
      ...files,
      join(dir, "missing.md"),
      "--tag",
      "hr",
      "--tag",
      "public",
      "--metadata",
      "year=2026",
      "--metadata",
      "zip=01234",
    ]);
    expect(upload.code).toBe(2);
    const ids = upload.stdout.trim().split("\n");
    expect(ids).toHaveLength(2);
    const [guideId] = ids as [string, string];
    for (const docId of ids) expect(docId).toMatch(/^file_[0-9a-f]{32}$/);
    expect(upload.stderr).toContain("guide.md →");
    expect(upload.stderr).toMatch(/✗ tool\.exe: .*not a supported file type/);
    expect(upload.stderr).toMatch(/✗ big\.txt: .*larger than the limit of 2 KiB/);
    expect(upload.stderr).toMatch(/✗ missing\.md: cannot read/);
    expect(upload.stderr).toContain("3 of 5 files were not stored");

    const docs = JSON.parse((await cli.run(["kb", "docs", id, "--json"])).stdout);
    expect(docs.map((d: { name: string }) => d.name)).toEqual(["prices.csv", "guide.md"]);
    expect(docs[1]).toMatchObject({ status: "queued", tags: ["hr", "public"], metadata: { year: 2026, zip: "01234" } });
    const table = rows((await cli.run(["kb", "docs", "manuals", "--name", "guide"])).stdout);
    expect(table[0]).toEqual(["DOCUMENT ID", "NAME", "STATUS", "CHUNKS", "PAGES", "TAGS", "ERROR"]);
    expect(table[1]).toEqual([ids[0], "guide.md", "queued", "0", "-", "hr,public"]);

    const json = await cli.run(["kb", "upload", id, file("notes.txt", "some notes"), "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ items: [{ name: "notes.txt", format: "text" }], errors: [] });

    const guide = await server.container.core.repos.knowledgeDocuments.find(workspaceId, guideId);
    if (!guide) throw new Error("the uploaded guide is missing");
    await server.container.core.repos.knowledgeChunks.replaceForDocument(
      guide,
      [{ seq: 0, text: "Hello from the guide", headingPath: ["Guide"], page: null, tokenCount: 4 }],
      new Date().toISOString(),
    );
    const chunks = JSON.parse((await cli.run(["kb", "chunks", guideId, "--json"])).stdout);
    expect(chunks).toEqual([expect.objectContaining({ seq: 0, text: "Hello from the guide", enabled: true })]);
    expect(rows((await cli.run(["kb", "chunks", guideId])).stdout)[1]).toEqual(["0", chunks[0].id, "-", "4", "yes", "Hello from the guide"]);

    expect((await cli.run(["kb", "reindex", "manuals"])).stderr).toContain("Queued 3 documents");
    expect(JSON.parse((await cli.run(["kb", "reindex", guideId, "--json"])).stdout)).toMatchObject({ id: ids[0], status: "queued" });

    expect((await cli.run(["kb", "doc-delete", guideId, "--yes"])).code).toBe(0);
    expect((await cli.run(["kb", "chunks", guideId])).code).toBe(4);
    expect((await cli.run(["kb", "upload", "no-such-kb", guideFile])).code).toBe(4);
  });
});
