import { ApiError, manage } from "./client";
import type { KnowledgeDocument, UploadResult } from "./types";

export interface UploadOptions {
  tags: string[];
  metadata?: Record<string, string | number | boolean>;
  /** Bytes sent so far and the request's total, as the browser reports them. */
  onProgress: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

function errorOf(xhr: XMLHttpRequest): ApiError {
  let body: { code?: string; message?: string; request_id?: string; details?: Record<string, unknown> } = {};
  try {
    body = JSON.parse(xhr.responseText) as typeof body;
  } catch {
    // A proxy's HTML error page, or nothing at all.
  }
  return new ApiError(
    xhr.status,
    body.code ?? (xhr.status === 413 ? "PayloadTooLarge" : `HTTP${xhr.status}`),
    body.message ?? (xhr.status === 413 ? "The file is larger than the server accepts." : `${xhr.status} ${xhr.statusText || "upload failed"}`),
    body.request_id ?? xhr.getResponseHeader("x-request-id") ?? undefined,
    body.details,
  );
}

/** The stored document; a refused file comes back in `errors` (or as a 400 when nothing was stored). */
function documentOf(body: UploadResult): KnowledgeDocument {
  const doc = body.items[0];
  if (doc) return doc;
  const problem = body.errors[0];
  throw new ApiError(400, problem?.code ?? "BadResponse", problem?.message ?? "The server did not store the file.", undefined);
}

/**
 * Uploads one file as multipart/form-data. XMLHttpRequest rather than the sdk's fetch-based
 * `uploadDocuments` because only XMLHttpRequest reports upload progress; one request per file, so each file gets its own progress and error.
 */
export function uploadDocument(knowledgeBaseId: string, file: File, options: UploadOptions): Promise<KnowledgeDocument> {
  const form = new FormData();
  // Fields before the file: the server streams the form and applies them to the files after them.
  if (options.tags.length > 0) form.append("tags", JSON.stringify(options.tags));
  if (options.metadata && Object.keys(options.metadata).length > 0) form.append("metadata", JSON.stringify(options.metadata));
  form.append("file", file, file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", manage.url(`/knowledge-bases/${encodeURIComponent(knowledgeBaseId)}/documents`));
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => options.onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(errorOf(xhr));
      try {
        resolve(documentOf(JSON.parse(xhr.responseText) as UploadResult));
      } catch (e) {
        reject(e instanceof ApiError ? e : new ApiError(0, "BadResponse", "The server's answer was not JSON.", undefined));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, "NetworkError", "The upload was interrupted. Check that appstudio is running.", undefined));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
