import { vi } from "vitest";

/** A management API client over real HTTP: base URL + personal access token. */
export interface ManageClient {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  upload(knowledgeBaseId: string, files: { name: string; content: string | Uint8Array }[]): Promise<{ status: number; body: any }>;
}

export function manageClient(baseUrl: string, token: string): ManageClient {
  const parse = async (response: Response) => {
    const text = await response.text();
    try {
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: response.status, body: text };
    }
  };
  return {
    async call(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      return parse(await fetch(`${baseUrl}/manage/v1${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
    },
    async upload(knowledgeBaseId, files) {
      const form = new FormData();
      for (const file of files) form.append("file", new Blob([file.content as BlobPart]), file.name);
      return parse(
        await fetch(`${baseUrl}/manage/v1/knowledge-bases/${knowledgeBaseId}/documents`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
          body: form,
        }),
      );
    },
  };
}

export interface DocumentView {
  id: string;
  name: string;
  status: string;
  error: string | null;
  chunkCount: number;
  pageCount: number | null;
}

export async function listDocuments(client: ManageClient, knowledgeBaseId: string): Promise<DocumentView[]> {
  const res = await client.call("GET", `/knowledge-bases/${knowledgeBaseId}/documents?limit=200`);
  if (res.status !== 200) throw new Error(`listing documents: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}

/** Waits until every document of the knowledge base is `ready` or `failed`. */
export async function waitForIngestion(client: ManageClient, knowledgeBaseId: string, timeoutMs = 30_000): Promise<Map<string, DocumentView>> {
  let documents: DocumentView[] = [];
  await vi.waitFor(
    async () => {
      documents = await listDocuments(client, knowledgeBaseId);
      const pending = documents.filter((d) => d.status !== "ready" && d.status !== "failed");
      if (pending.length > 0) throw new Error(`still ingesting: ${pending.map((d) => `${d.name}=${d.status}`).join(", ")}`);
    },
    { timeout: timeoutMs, interval: 100 },
  );
  return new Map(documents.map((d) => [d.name, d]));
}

/** Every chunk of a document, in reading order. */
export async function listAllChunks(
  client: ManageClient,
  documentId: string,
): Promise<{ id: string; seq: number; text: string; page: number | null; headingPath: string[] }[]> {
  const chunks = [];
  for (let offset = 0; ; offset += 200) {
    const res = await client.call("GET", `/knowledge-documents/${documentId}/chunks?limit=200&offset=${offset}`);
    if (res.status !== 200) throw new Error(`listing chunks: ${res.status} ${JSON.stringify(res.body)}`);
    chunks.push(...res.body.items);
    if (res.body.items.length < 200) return chunks;
  }
}

/** Markdown of `sections` sections of a few paragraphs each: many chunks at a small chunk size. */
export function longMarkdown(title: string, sections: number): string {
  const parts = [`# ${title}`];
  for (let i = 1; i <= sections; i++) {
    parts.push(`## ${title} part ${i}`);
    parts.push(`Paragraph ${i} of ${title} explains step ${i} in plain words, so that the reader knows what to do next and why it matters.`);
  }
  return parts.join("\n\n");
}

/** Signs in as the main account of a server process and returns a personal access token. */
export async function adminTokenOf(baseUrl: string, password: string): Promise<string> {
  const signIn = await fetch(`${baseUrl}/manage/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ loginName: "admin", password }),
  });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
  const token = await fetch(`${baseUrl}/manage/v1/tokens`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ name: "ingestion-test" }),
  });
  if (token.status !== 201) throw new Error(`could not create a token: ${token.status} ${await token.text()}`);
  return (await token.json()).secret;
}

/** Document IDs a server process logged as indexed (its JSON log lines), one entry per time. */
export function indexedInLog(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => line.includes('"document indexed"'))
    .map((line) => JSON.parse(line).documentId as string);
}
