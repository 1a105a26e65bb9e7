import { expect } from "vitest";
import type { TestServer } from "../../src/testing/index.js";
import { uniqueName } from "./accounts.js";
import type { CallResult } from "./error-body.js";

/** Test servers for knowledge tests: no background ingestion, so statuses stay where a test puts them. */
export const KNOWLEDGE_TEST_ENV = { APPSTUDIO_KNOWLEDGE_CONCURRENCY: "0", APPSTUDIO_KNOWLEDGE_MAX_FILE_BYTES: "4096" };

export async function createKnowledgeBase(server: TestServer, workspaceId: string, options: { token?: string; name?: string } = {}): Promise<string> {
  const res = await server.call("POST", "/manage/v1/knowledge-bases", {
    token: options.token ?? server.adminToken,
    body: { workspaceId, name: options.name ?? uniqueName("kb") },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export interface FilePart {
  name: string;
  content: string | Uint8Array;
}

/** A minimal file each format's detector accepts. */
export const sampleFiles = {
  markdown: (name = "guide.md"): FilePart => ({ name, content: "# Guide\n\nInstall it with npm.\n" }),
  pdf: (name = "manual.pdf"): FilePart => ({ name, content: "%PDF-1.4\n% not a real PDF, only its magic number\n" }),
  csv: (name = "prices.csv"): FilePart => ({ name, content: "item,price\ntea,3\n" }),
};

/** POST multipart/form-data: fields first (in order), then the files. */
export async function uploadFiles(
  server: TestServer,
  knowledgeBase: string,
  files: FilePart[],
  options: { token?: string; fields?: [string, string][]; query?: string } = {},
): Promise<CallResult> {
  const form = new FormData();
  for (const [name, value] of options.fields ?? []) form.append(name, value);
  for (const file of files) form.append("file", new Blob([file.content as BlobPart]), file.name);
  const response = await fetch(`${server.url}/manage/v1/knowledge-bases/${encodeURIComponent(knowledgeBase)}/documents${options.query ?? ""}`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.token ?? server.adminToken}` },
    body: form,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // asserted by the caller
  }
  return { status: response.status, body: body as CallResult["body"], headers: response.headers };
}

/** Uploads one file and returns its document ID. */
export async function uploadOne(server: TestServer, knowledgeBase: string, file: FilePart = sampleFiles.markdown(), token?: string): Promise<string> {
  const res = await uploadFiles(server, knowledgeBase, [file], token ? { token } : {});
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.errors).toEqual([]);
  return res.body.items[0].id;
}

/** Chunks as ingestion would store them (the ingestion runner is off in these tests). */
export async function seedChunks(server: TestServer, documentId: string, texts: string[]) {
  const repos = server.container.core.repos;
  const workspaceId = await repos.knowledgeDocuments.workspaceOf(documentId);
  const document = workspaceId && (await repos.knowledgeDocuments.find(workspaceId, documentId));
  if (!document) throw new Error(`no document ${documentId}`);
  const drafts = texts.map((text, seq) => ({ seq, text, headingPath: ["Guide"], page: null, tokenCount: text.split(" ").length }));
  return repos.knowledgeChunks.replaceForDocument(document, drafts, new Date().toISOString());
}
