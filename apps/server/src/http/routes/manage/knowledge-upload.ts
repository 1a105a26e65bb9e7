import type { Readable } from "node:stream";
import { AppError, checkMetadata, checkTags, isAppError, type KnowledgeDocument, type MetadataValue, type UploadedFile } from "@appstudio/core";
import type { FastifyRequest } from "fastify";

/** Files one upload request may carry; more are refused, the ones before are kept. */
const MAX_FILES_PER_REQUEST = 20;

export interface UploadProblem {
  /** null: a problem of the request (a form field, a limit), not of one file. */
  fileName: string | null;
  code: string;
  message: string;
}

/** Errors that concern one file: it is reported and the next file is still read. */
const PER_FILE_CODES = new Set(["InvalidParameter", "BadRequest.TooLarge", "BadRequest.EmptyInput", "NotFound", "Conflict"]);

/**
 * The form fields seen so far. `tags` (comma list or JSON array; repeatable) and `metadata`
 * (JSON object; later keys win) apply to the files after them, as form order is stream order.
 * A bad field is reported once, and every file after it is refused rather than stored without it.
 */
class FormFields {
  tags: string[] = [];
  metadata: Record<string, MetadataValue> = {};
  problem: { code: string; message: string } | undefined;

  take(name: string, value: unknown, truncated: boolean): UploadProblem | undefined {
    try {
      if (truncated) throw new AppError("InvalidParameter", `The form field '${name}' is too long.`);
      if (name === "tags") this.tags = checkTags([...this.tags, ...parseTags(value)]);
      else if (name === "metadata") this.metadata = checkMetadata({ ...this.metadata, ...(parseJsonObject(value) as object) });
      else throw new AppError("InvalidParameter", `Unknown form field '${name.slice(0, 64)}': send files, and optionally 'tags' and 'metadata' before them.`);
      return undefined;
    } catch (e) {
      if (!isAppError(e)) throw e;
      this.problem = { code: e.code, message: e.message };
      return { fileName: null, ...this.problem };
    }
  }
}

function parseTags(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  if (text.startsWith("[")) {
    const parsed: unknown = parseJson(text, "tags");
    if (!Array.isArray(parsed) || parsed.some((t) => typeof t !== "string"))
      throw new AppError("InvalidParameter", "tags: a JSON array must hold strings only.");
    return parsed as string[];
  }
  return text.split(",").filter((t) => t.trim().length > 0);
}

function parseJsonObject(value: unknown): unknown {
  const parsed = typeof value === "string" ? parseJson(value, "metadata") : value;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new AppError("InvalidParameter", "metadata: must be a JSON object.");
  return parsed;
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("InvalidParameter", `${field}: not valid JSON.`);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What a broken or over-limit multipart body means to the caller. */
function readProblem(e: unknown): AppError {
  if (isAppError(e)) return e;
  const code = (e as { code?: string }).code;
  if (code === "FST_FILES_LIMIT")
    return new AppError("InvalidParameter", `At most ${MAX_FILES_PER_REQUEST} files per request; the files after that were not read.`);
  if (code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT")
    return new AppError("InvalidParameter", "Too many form fields in one request; the rest was not read.");
  return new AppError("BadRequest.IllegalInput", `The multipart body could not be read: ${(e as Error).message ?? "malformed"}.`);
}

/**
 * Reads an upload request part by part and stores each file as it completes, so one file at
 * a time is held in memory. A file over `maxFileBytes` is cut off by the parser and refused;
 * the other files of the request are still read and stored.
 */
export async function receiveUploads(
  request: FastifyRequest,
  options: { maxFileBytes: number; store(file: UploadedFile): Promise<KnowledgeDocument> },
): Promise<{ stored: KnowledgeDocument[]; problems: UploadProblem[]; files: number }> {
  const fields = new FormFields();
  const stored: KnowledgeDocument[] = [];
  const problems: UploadProblem[] = [];
  let files = 0;
  // The scope registers the plugin with throwFileSizeLimit off: an oversize file ends truncated, the next part still comes.
  const parts = request.parts({
    limits: { fileSize: options.maxFileBytes, files: MAX_FILES_PER_REQUEST, fields: 40, parts: 80, fieldSize: 64 * 1024, fieldNameSize: 200, headerPairs: 100 },
  });
  try {
    for await (const part of parts) {
      if (part.type === "field") {
        const problem = fields.take(part.fieldname, part.value, part.valueTruncated);
        if (problem) problems.push(problem);
        continue;
      }
      files++;
      const content = await readAll(part.file);
      // Browsers send a `"` in a file name as %22 (the HTML form encoding); nothing else is escaped.
      const fileName = part.filename.replaceAll("%22", '"');
      if (fields.problem) {
        problems.push({ fileName, code: fields.problem.code, message: `Not stored: ${fields.problem.message}` });
        continue;
      }
      try {
        stored.push(await options.store({ fileName, content, truncated: part.file.truncated, tags: fields.tags, metadata: fields.metadata }));
      } catch (e) {
        if (!isAppError(e) || !PER_FILE_CODES.has(e.code)) throw new StoreFailure(e);
        problems.push({ fileName: fileName || null, code: e.code, message: e.message });
      }
    }
  } catch (e) {
    if (e instanceof StoreFailure) throw e.cause;
    const problem = readProblem(e);
    // Nothing stored: the request failed as a whole. Otherwise the caller must learn what was kept.
    if (stored.length === 0 && problems.length === 0) throw problem;
    problems.push({ fileName: null, code: problem.code, message: problem.message });
  }
  return { stored, problems, files };
}

/** Marks a storage failure, so it is not mistaken for a malformed body and is rethrown as it is. */
class StoreFailure extends Error {
  constructor(override readonly cause: unknown) {
    super("store failed");
  }
}
