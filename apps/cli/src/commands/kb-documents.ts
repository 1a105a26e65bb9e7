import type { KnowledgeBase, ManageClient } from "@appstudio/sdk";
import { type Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { examples, limitParser, offsetParser } from "../help.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";
import { confirmOrYes } from "../prompts.js";
import { DOC_JSON, KB_ARG, workspaceOption } from "./kb-options.js";

const CHUNK_JSON = "{id, documentId, knowledgeBaseId, workspaceId, seq, text, headingPath, page, tokenCount, enabled, edited, createdAt, updatedAt}";
const STATUSES = ["queued", "parsing", "chunking", "embedding", "ready", "failed"] as const;

/** `appstudio kb docs|doc-delete|chunks`: the documents of a knowledge base and their chunks. */
export function addDocumentCommands(
  kb: Command,
  ctx: CliContext,
  resolveKb: (client: ManageClient, value: string, workspaceFlag: string | undefined) => Promise<KnowledgeBase>,
): void {
  kb.command("docs")
    .description("List the documents of a knowledge base with their ingestion status")
    .argument("<kb>", KB_ARG)
    .addOption(workspaceOption())
    .addOption(new Option("--status <status>", "only documents in this status").choices(STATUSES))
    .option("--tag <tag>", "only documents with this tag")
    .option("--name <text>", "file name contains this text (case-insensitive)")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", `print a JSON array: [${DOC_JSON}]`)
    .addHelpText("after", examples("appstudio kb docs handbook", "appstudio kb docs handbook --status failed --json | jq -r '.[] | \"\\(.name): \\(.error)\"'"))
    .action(async (value, opts) => {
      const client = ctx.client();
      const found = await resolveKb(client, value, opts.workspace);
      const page = await fetchList(opts, (paging) => client.listDocuments(found.id, { ...paging, status: opts.status, tag: opts.tag, name: opts.name }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(
        page.items,
        [
          { header: "DOCUMENT ID", value: (d) => d.id },
          { header: "NAME", value: (d) => d.name },
          { header: "STATUS", value: (d) => (d.status === "failed" ? ctx.output.out.red(d.status) : d.status) },
          { header: "CHUNKS", value: (d) => String(d.chunkCount) },
          { header: "PAGES", value: (d) => (d.pageCount === null ? "-" : String(d.pageCount)) },
          { header: "TAGS", value: (d) => d.tags.join(",") || "-" },
          { header: "ERROR", value: (d) => d.error ?? "" },
        ],
        `No documents. Upload some with \`appstudio kb upload ${found.id} FILE...\`.`,
      );
      pageFooter(ctx.output, page);
    });

  kb.command("doc-delete")
    .description("Delete a document with its original file and chunks")
    .argument("<doc>", "document ID (file_...)")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio kb doc-delete file_4b6c8f0e2a1d3c5b7e9f0a2b4c6d8e0f --yes"))
    .action(async (id, opts) => {
      const client = ctx.client();
      const document = await client.getDocument(id);
      await confirmOrYes(`Delete document ${document.name} (${document.id})?`, opts.yes);
      await client.deleteDocument(document.id);
      ctx.output.success(`Deleted document ${document.name} (${document.id})`);
    });

  kb.command("chunks")
    .description("List the chunks of a document in reading order")
    .argument("<doc>", "document ID (file_...)")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", `print a JSON array: [${CHUNK_JSON}]`)
    .addHelpText(
      "after",
      examples(
        "appstudio kb chunks file_4b6c8f0e2a1d3c5b7e9f0a2b4c6d8e0f",
        "appstudio kb chunks file_4b6c8f0e2a1d3c5b7e9f0a2b4c6d8e0f --json | jq -r '.[].text'",
      ),
    )
    .action(async (id, opts) => {
      const page = await fetchList(opts, (paging) => ctx.client().listChunks(id, { ...paging }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(
        page.items,
        [
          { header: "#", value: (c) => String(c.seq) },
          { header: "CHUNK ID", value: (c) => c.id },
          { header: "PAGE", value: (c) => (c.page === null ? "-" : String(c.page)) },
          { header: "TOKENS", value: (c) => String(c.tokenCount) },
          { header: "ON", value: (c) => (c.enabled ? "yes" : "no") },
          { header: "TEXT", value: (c) => preview(c.text) },
        ],
        "No chunks (yet): the document may still be queued; see `appstudio kb docs`.",
      );
      pageFooter(ctx.output, page);
    });
}

const preview = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
