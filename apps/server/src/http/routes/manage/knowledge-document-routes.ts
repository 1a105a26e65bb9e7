import { errorResponses, Knowledge, Ok, pageOf } from "@appstudio/contracts";
import {
  AppError,
  deleteChunk,
  deleteDocument,
  getDocument,
  listChunks,
  listDocuments,
  openUploadTarget,
  readDocumentFile,
  reindexDocument,
  updateChunk,
  updateDocument,
  uploadDocument,
} from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import { attachmentHeaders } from "./attachment-headers.js";
import { KnowledgeBaseParam, LookupQuery } from "./knowledge-params.js";
import { receiveUploads } from "./knowledge-upload.js";
import type { TypedApp } from "./types.js";

const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ChunkPageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: "Page size" })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: "Chunks to skip" })),
  },
  { additionalProperties: false },
);

/** Documents (upload, list, tags and metadata, re-index, original file) and their chunks. */
export function knowledgeDocumentRoutes(app: TypedApp, container: Container) {
  const deps = container.knowledge;
  const tags = ["Knowledge bases"];

  app.get(
    "/knowledge-bases/:id/documents",
    {
      schema: {
        tags,
        summary: "Documents of a knowledge base, newest first (filter by status, tag, name)",
        params: KnowledgeBaseParam,
        querystring: Knowledge.DocumentListQuery,
        response: { 200: pageOf(Knowledge.Document), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query;
      return listDocuments(deps, request.principal, request.params.id, { limit: limit ?? 20, offset: offset ?? 0, ...filters });
    },
  );

  app.post(
    "/knowledge-bases/:id/documents",
    {
      schema: {
        tags,
        summary: "Upload documents (multipart/form-data: one or more files; optional `tags` and `metadata` fields before them)",
        description:
          "Each file is streamed and stored with a queued ingestion job. A file that is too large, empty, or of an unsupported type is " +
          "refused on its own: the answer is 201 with the stored documents in `items` and the refused files in `errors`. When no file " +
          "at all could be stored, the answer is the error of the first one (400).",
        consumes: ["multipart/form-data"],
        "x-multipart-form": Knowledge.UploadForm,
        params: KnowledgeBaseParam,
        querystring: LookupQuery,
        response: { 201: Knowledge.UploadResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      // Refused as a whole (404, 403) before any file is read.
      const kb = await openUploadTarget(deps, request.principal, request.params.id, request.query.workspaceId);
      if (!request.isMultipart()) {
        throw new AppError(
          "BadRequest.IllegalInput",
          "Upload documents as multipart/form-data: one or more file parts, with optional 'tags' and 'metadata' fields before them.",
        );
      }
      const { stored, problems, files } = await receiveUploads(request, {
        maxFileBytes: deps.knowledge.maxFileBytes,
        store: (file) => uploadDocument(deps, request.principal, kb.id, file),
      });
      if (stored.length === 0) {
        const first = problems[0];
        if (!first || files === 0)
          throw new AppError("InvalidParameter", "No file in the request: send one or more files as multipart/form-data parts.", { errors: problems });
        throw new AppError(first.code as AppError["code"], first.message, { errors: problems });
      }
      reply.status(201);
      return { items: stored, errors: problems };
    },
  );

  app.get(
    "/knowledge-documents/:id",
    { schema: { tags, summary: "Get a document with its ingestion status", params: IdParam, response: { 200: Knowledge.Document, ...errorResponses } } },
    async (request) => getDocument(deps, request.principal, request.params.id),
  );

  app.patch(
    "/knowledge-documents/:id",
    {
      schema: {
        tags,
        summary: "Replace a document's tags and/or metadata",
        params: IdParam,
        body: Knowledge.UpdateDocumentBody,
        response: { 200: Knowledge.Document, ...errorResponses },
      },
    },
    async (request) => updateDocument(deps, request.principal, request.params.id, request.body),
  );

  app.delete(
    "/knowledge-documents/:id",
    { schema: { tags, summary: "Delete a document with its original file and chunks", params: IdParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await deleteDocument(deps, request.principal, request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    "/knowledge-documents/:id/reindex",
    {
      schema: {
        tags,
        summary: "Queue a document for ingestion again (re-parse with the knowledge base's current settings)",
        params: IdParam,
        response: { 200: Knowledge.Document, ...errorResponses },
      },
    },
    async (request) => reindexDocument(deps, request.principal, request.params.id),
  );

  app.get(
    "/knowledge-documents/:id/file",
    {
      schema: {
        tags,
        summary: "Download the original file, as uploaded",
        params: IdParam,
        response: {
          200: {
            description: "The original bytes (Content-Disposition: attachment)",
            content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { document, content } = await readDocumentFile(deps, request.principal, request.params.id);
      reply.headers(attachmentHeaders(document.name, document.format));
      // Bytes go out as they are; the typed reply only knows the JSON shapes of the schema.
      return reply.send(Buffer.from(content.buffer, content.byteOffset, content.byteLength) as never);
    },
  );

  app.get(
    "/knowledge-documents/:id/chunks",
    {
      schema: {
        tags,
        summary: "Chunks of a document in reading order (disabled ones included)",
        params: IdParam,
        querystring: ChunkPageQuery,
        response: { 200: pageOf(Knowledge.Chunk), ...errorResponses },
      },
    },
    async (request) => listChunks(deps, request.principal, request.params.id, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  );

  app.patch(
    "/knowledge-chunks/:id",
    {
      schema: {
        tags,
        summary: "Edit a chunk's text, or disable / enable it (disabled chunks are never retrieved)",
        params: IdParam,
        body: Knowledge.UpdateChunkBody,
        response: { 200: Knowledge.Chunk, ...errorResponses },
      },
    },
    async (request) => updateChunk(deps, request.principal, request.params.id, request.body),
  );

  app.delete(
    "/knowledge-chunks/:id",
    { schema: { tags, summary: "Delete a chunk", params: IdParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await deleteChunk(deps, request.principal, request.params.id);
      return { ok: true as const };
    },
  );
}
