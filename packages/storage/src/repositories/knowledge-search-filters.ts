import type { MetadataValue, SearchScope } from "@appstudio/core";
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "../dialects/create-database.js";

/**
 * The WHERE conditions every search shares, on a table aliased `alias` that has the filter
 * columns (`workspace_id`, `knowledge_base_id`, `document_id`, `enabled`): the workspace first,
 * always, then the scope's knowledge bases, documents, and the documents' tags and metadata.
 * Tags and metadata live as JSON on the document rows; they narrow the document set in a
 * subquery (documents are few next to chunks), so the chunk side stays an indexed filter.
 */
export function scopeConditions(dialect: DialectName, alias: string, scope: SearchScope): RawBuilder<unknown> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const conditions: RawBuilder<unknown>[] = [
    sql`${col("workspace_id")} = ${scope.workspaceId}`,
    sql`${col("knowledge_base_id")} in (${sql.join(scope.knowledgeBaseIds)})`,
    sql`${col("enabled")} = 1`,
  ];
  if (scope.documentIds) conditions.push(sql`${col("document_id")} in (${sql.join(scope.documentIds)})`);
  const documentConditions = [...tagConditions(dialect, scope.tags ?? []), ...metadataConditions(dialect, scope.metadata ?? {})];
  if (documentConditions.length > 0) {
    conditions.push(sql`${col("document_id")} in (
      select d.id from knowledge_documents d
      where d.workspace_id = ${scope.workspaceId} and d.knowledge_base_id in (${sql.join(scope.knowledgeBaseIds)}) and ${sql.join(documentConditions, sql` and `)}
    )`);
  }
  return sql.join(conditions, sql` and `);
}

/** True when the scope cannot match anything (nothing to search, or an empty ID list). */
export function scopeIsEmpty(scope: SearchScope): boolean {
  return scope.knowledgeBaseIds.length === 0 || scope.documentIds?.length === 0;
}

function tagConditions(dialect: DialectName, tags: string[]): RawBuilder<unknown>[] {
  if (tags.length === 0) return [];
  if (dialect === "postgres") return [sql`d.tags::jsonb @> ${JSON.stringify(tags)}::jsonb`];
  return tags.map((tag) => sql`exists (select 1 from json_each(d.tags) where value = ${tag})`);
}

function metadataConditions(dialect: DialectName, metadata: Record<string, MetadataValue>): RawBuilder<unknown>[] {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return [];
  // jsonb containment compares typed values: "1" does not match 1, true does not match "true".
  if (dialect === "postgres") return [sql`d.metadata::jsonb @> ${JSON.stringify(metadata)}::jsonb`];
  return entries.map(([key, value]) => sql`exists (select 1 from json_each(d.metadata) where key = ${key} and ${sqliteTypedEquals(value)})`);
}

/** json_each's `atom` with its JSON type, so SQLite matches as strictly as jsonb does. */
function sqliteTypedEquals(value: MetadataValue): RawBuilder<unknown> {
  if (typeof value === "boolean") return sql`type = ${value ? "true" : "false"}`;
  if (typeof value === "number") return sql`type in ('integer', 'real') and atom = ${value}`;
  return sql`type = 'text' and atom = ${value}`;
}
