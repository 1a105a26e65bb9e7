import { AppError, invalidField } from "../errors.js";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "../text/storable-text.js";
import type { ChunkingSettings, MetadataValue } from "./knowledge-types.js";

/**
 * Input rules of the knowledge use cases, in one place so the routes, the CLI and the docs
 * (docs/knowledge.md) can state the same limits.
 */
export const KNOWLEDGE_LIMITS = {
  nameLength: 100,
  descriptionLength: 2000,
  modelNameLength: 200,
  chunkTokens: { min: 50, max: 4000, default: 500 },
  overlapTokens: { default: 50 },
  tags: 20,
  tagLength: 64,
  metadataKeys: 50,
  metadataKeyLength: 64,
  metadataValueLength: 1000,
  fileNameLength: 255,
  chunkTextLength: 50_000,
} as const;

export function checkKnowledgeBaseName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > KNOWLEDGE_LIMITS.nameLength)
    throw invalidField("name", `must be 1-${KNOWLEDGE_LIMITS.nameLength} characters long`);
  return trimmed;
}

export function checkDescription(description: string): string {
  if (description.length > KNOWLEDGE_LIMITS.descriptionLength)
    throw invalidField("description", `must be at most ${KNOWLEDGE_LIMITS.descriptionLength} characters long`);
  return description;
}

/** A model name, or null for none; an empty string also means none. */
export function checkModelName(field: string, model: string | null | undefined): string | null {
  const trimmed = model?.trim() ?? "";
  if (trimmed.length === 0) return null;
  if (trimmed.length > KNOWLEDGE_LIMITS.modelNameLength) throw invalidField(field, `must be at most ${KNOWLEDGE_LIMITS.modelNameLength} characters long`);
  return trimmed;
}

/** Fills defaults, then checks chunk size 50-4000 tokens and overlap 0 to half the chunk size. */
export function resolveChunking(input: Partial<ChunkingSettings> | undefined, current?: ChunkingSettings): ChunkingSettings {
  const { min, max } = KNOWLEDGE_LIMITS.chunkTokens;
  const chunkTokens = input?.chunkTokens ?? current?.chunkTokens ?? KNOWLEDGE_LIMITS.chunkTokens.default;
  if (!Number.isInteger(chunkTokens) || chunkTokens < min || chunkTokens > max) {
    throw invalidField("chunking.chunkTokens", `must be a whole number from ${min} to ${max}`);
  }
  const maxOverlap = Math.floor(chunkTokens / 2);
  // The default overlap shrinks with a small chunk size; a chosen one is never changed silently.
  const overlapTokens = input?.overlapTokens ?? current?.overlapTokens ?? Math.min(KNOWLEDGE_LIMITS.overlapTokens.default, maxOverlap);
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens > maxOverlap) {
    throw invalidField("chunking.overlapTokens", `must be a whole number from 0 to ${maxOverlap} (half the chunk size)`);
  }
  return { chunkTokens, overlapTokens };
}

/** Trimmed, de-duplicated tags: at most 20, each 1-64 characters. */
export function checkTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    if (typeof raw !== "string") throw invalidField("tags", "must be strings");
    const tag = raw.trim();
    if (!isStorableText(tag)) throw invalidField("tags", UNSTORABLE_TEXT_MESSAGE);
    if (tag.length === 0 || tag.length > KNOWLEDGE_LIMITS.tagLength)
      throw invalidField("tags", `each tag must be 1-${KNOWLEDGE_LIMITS.tagLength} characters long`);
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > KNOWLEDGE_LIMITS.tags) throw invalidField("tags", `at most ${KNOWLEDGE_LIMITS.tags} tags per document`);
  return out;
}

/** A flat object of strings, finite numbers and booleans: at most 50 keys. */
export function checkMetadata(metadata: unknown): Record<string, MetadataValue> {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) throw invalidField("metadata", "must be a JSON object");
  const entries = Object.entries(metadata);
  if (entries.length > KNOWLEDGE_LIMITS.metadataKeys) throw invalidField("metadata", `at most ${KNOWLEDGE_LIMITS.metadataKeys} keys`);
  const out: Record<string, MetadataValue> = {};
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > KNOWLEDGE_LIMITS.metadataKeyLength)
      throw invalidField("metadata", `keys must be 1-${KNOWLEDGE_LIMITS.metadataKeyLength} characters long`);
    if (!isStorableText(key) || (typeof value === "string" && !isStorableText(value))) throw invalidField("metadata", UNSTORABLE_TEXT_MESSAGE);
    const flat = typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) || typeof value === "string";
    if (!flat) throw invalidField(`metadata.${key}`, "must be a string, a finite number or a boolean (metadata is flat)");
    if (typeof value === "string" && value.length > KNOWLEDGE_LIMITS.metadataValueLength) {
      throw invalidField(`metadata.${key}`, `must be at most ${KNOWLEDGE_LIMITS.metadataValueLength} characters long`);
    }
    out[key] = value as MetadataValue;
  }
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The file name without any directory part (browsers send none; other clients may). */
export function checkFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? "";
  if (base.length === 0)
    throw new AppError("InvalidParameter", "Every uploaded file needs a file name.", { fields: [{ field: "file", message: "has no file name" }] });
  if (CONTROL_CHARACTERS.test(base) || !isStorableText(base)) throw invalidField("file", "the file name holds control characters or invalid text");
  if (base.length > KNOWLEDGE_LIMITS.fileNameLength)
    throw invalidField("file", `the file name must be at most ${KNOWLEDGE_LIMITS.fileNameLength} characters long`);
  return base;
}

export function checkChunkText(text: string): string {
  if (text.trim().length === 0) throw invalidField("text", "must not be empty");
  if (text.length > KNOWLEDGE_LIMITS.chunkTextLength) throw invalidField("text", `must be at most ${KNOWLEDGE_LIMITS.chunkTextLength} characters long`);
  return text;
}

/** "52428800 bytes" as "50 MiB", for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
