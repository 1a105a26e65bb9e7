import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.js";

/**
 * Deletes documents with everything hanging from them, children first. Explicit rather than
 * left to ON DELETE CASCADE, so the search index's triggers on knowledge_chunks see each
 * deleted chunk on both dialects. Runs inside the caller's transaction.
 */
export async function deleteDocumentsWhere(
  tx: Transaction<Database> | Kysely<Database>,
  workspaceId: string,
  which: { knowledgeBaseId: string } | { documentId: string },
): Promise<void> {
  const inWorkspace = tx.selectFrom("knowledge_documents").select("id").where("workspace_id", "=", workspaceId);
  const documentIds =
    "knowledgeBaseId" in which ? inWorkspace.where("knowledge_base_id", "=", which.knowledgeBaseId) : inWorkspace.where("id", "=", which.documentId);
  await tx.deleteFrom("knowledge_chunks").where("document_id", "in", documentIds).execute();
  await tx.deleteFrom("knowledge_jobs").where("document_id", "in", documentIds).execute();
  await tx.deleteFrom("knowledge_document_files").where("document_id", "in", documentIds).execute();
  await tx.deleteFrom("knowledge_documents").where("id", "in", documentIds).execute();
}
