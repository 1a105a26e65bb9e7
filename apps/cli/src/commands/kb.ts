import { ApiError, type KnowledgeBase, type ManageClient } from "@appstudio/sdk";
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { examples, integer, limitParser, offsetParser } from "../help.js";
import { formatTime } from "../output.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";
import { confirmOrYes } from "../prompts.js";
import { addDocumentCommands } from "./kb-documents.js";
import { DOC_JSON, KB_ARG, workspaceOption } from "./kb-options.js";
import { metadataEntry, uploadEach } from "./kb-upload.js";

const KB_ID = /^[a-z0-9]{10}$/;
const DOCUMENT_ID = /^file_[0-9a-f]{32}$/;
const KB_JSON =
  "{id, workspaceId, name, description, chunking: {chunkTokens, overlapTokens}, embeddingModel, rerankModel, documentCount, chunkCount, status, createdBy, createdAt, updatedAt}";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `appstudio kb ...`: knowledge bases, their documents and chunks (docs/knowledge.md). */
export function kbCommands(ctx: CliContext): Command {
  const kb = new Command("kb")
    .description("Knowledge bases: documents agents answer from (KB = knowledge base ID or unique name; its ID goes in rag_options.pipeline_ids)")
    .addHelpText(
      "after",
      examples(
        "appstudio kb create handbook",
        "appstudio kb upload handbook guide.pdf faq.docx --tag hr",
        "appstudio kb docs handbook",
        "appstudio kb list --json | jq -r '.[].id'",
      ),
    );

  /** A KB argument: an ID (in any workspace you can see), else a name in the workspace. */
  async function resolveKb(client: ManageClient, value: string, workspaceFlag: string | undefined): Promise<KnowledgeBase> {
    if (KB_ID.test(value) && workspaceFlag === undefined) {
      try {
        return await client.getKnowledgeBase(value);
      } catch (e) {
        // Ten letters and digits may also be a name.
        if (!(e instanceof ApiError && e.status === 404) || !ctx.profile()?.workspaceId) throw e;
      }
    }
    return client.getKnowledgeBase(value, { workspaceId: ctx.workspaceId(workspaceFlag) });
  }

  kb.command("list")
    .alias("ls")
    .description("List the knowledge bases of a workspace (default: the current one)")
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--name <text>", "name contains this text (case-insensitive)")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", `print a JSON array: [${KB_JSON}]`)
    .addHelpText("after", examples("appstudio kb list", "appstudio kb list --json | jq -r '.[] | \"\\(.id) \\(.name)\"'"))
    .action(async (opts) => {
      const workspaceId = await ctx.existingWorkspaceId(opts.workspace);
      const page = await fetchList(opts, (paging) => ctx.client().listKnowledgeBases({ workspaceId, ...paging, name: opts.name }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(
        page.items,
        [
          { header: "KB ID", value: (k) => k.id },
          { header: "NAME", value: (k) => k.name },
          { header: "DOCS", value: (k) => String(k.documentCount) },
          { header: "CHUNKS", value: (k) => String(k.chunkCount) },
          { header: "STATUS", value: (k) => k.status },
          { header: "EMBEDDING", value: (k) => k.embeddingModel ?? "-" },
          { header: "UPDATED", value: (k) => formatTime(k.updatedAt) },
        ],
        "No knowledge bases. Create one with `appstudio kb create <name>`.",
      );
      pageFooter(ctx.output, page);
    });

  kb.command("get")
    .description("Show a knowledge base with its ID, settings and counts")
    .argument("<kb>", KB_ARG)
    .addOption(workspaceOption())
    .option("--json", `print JSON: ${KB_JSON}`)
    .addHelpText("after", examples("appstudio kb get handbook", "appstudio kb get thie5bysoj --json | jq .status"))
    .action(async (value, opts) => {
      const found = await resolveKb(ctx.client(), value, opts.workspace);
      if (opts.json) return ctx.output.json(found);
      printKb(ctx, found);
    });

  kb.command("create")
    .description("Create a knowledge base; its ID alone goes to stdout")
    .argument("<name>", "name, unique in the workspace")
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--description <text>", "description")
    .option("--chunk-tokens <n>", "chunk size in tokens (50-4000, default 500)", integer("--chunk-tokens", 50, 4000))
    .option("--overlap-tokens <n>", "tokens repeated between chunks (0 to half the chunk size, default 50)", integer("--overlap-tokens", 0, 2000))
    .option("--embedding-model <model>", "embedding model of a configured provider (default: none, full-text search only)")
    .option("--rerank-model <model>", "rerank model (default: none)")
    .option("--json", `print the knowledge base as JSON: ${KB_JSON}`)
    .addHelpText(
      "after",
      examples(
        "appstudio kb create handbook",
        "appstudio kb create manuals --chunk-tokens 800 --embedding-model text-embedding-v4",
        "KB=$(appstudio kb create handbook)",
      ),
    )
    .action(async (name, opts) => {
      const created = await ctx.client().createKnowledgeBase({ workspaceId: ctx.workspaceId(opts.workspace), name, ...settingsBody(opts) });
      if (opts.json) return ctx.output.json(created);
      ctx.output.success(
        `Created knowledge base ${created.name} in ${created.workspaceId}. Upload documents with \`appstudio kb upload ${created.id} FILE...\`.`,
      );
      ctx.output.print(created.id);
    });

  kb.command("update")
    .description("Rename a knowledge base or change its settings (then `kb reindex` applies new chunking to existing documents)")
    .argument("<kb>", KB_ARG)
    .addOption(workspaceOption())
    .option("--name <name>", "new name")
    .option("--description <text>", "description")
    .option("--chunk-tokens <n>", "chunk size in tokens (50-4000)", integer("--chunk-tokens", 50, 4000))
    .option("--overlap-tokens <n>", "tokens repeated between chunks (0 to half the chunk size)", integer("--overlap-tokens", 0, 2000))
    .option("--embedding-model <model>", 'embedding model ("" for none: full-text search only)')
    .option("--rerank-model <model>", 'rerank model ("" for none)')
    .option("--json", `print the knowledge base as JSON: ${KB_JSON}`)
    .addHelpText(
      "after",
      examples("appstudio kb update handbook --chunk-tokens 300 && appstudio kb reindex handbook", 'appstudio kb update handbook --embedding-model ""'),
    )
    .action(async (value, opts) => {
      const body = { ...(opts.name !== undefined ? { name: opts.name } : {}), ...settingsBody(opts) };
      if (Object.keys(body).length === 0)
        throw usageError("nothing to change", "pass --name, --description, --chunk-tokens, --overlap-tokens, --embedding-model or --rerank-model");
      const client = ctx.client();
      const found = await resolveKb(client, value, opts.workspace);
      const updated = await client.updateKnowledgeBase(found.id, body);
      if (opts.json) return ctx.output.json(updated);
      ctx.output.success(`Updated knowledge base ${updated.name} (${updated.id})`);
    });

  kb.command("delete")
    .description("Delete a knowledge base with all its documents and chunks")
    .argument("<kb>", KB_ARG)
    .addOption(workspaceOption())
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio kb delete old-handbook --yes"))
    .action(async (value, opts) => {
      const client = ctx.client();
      const found = await resolveKb(client, value, opts.workspace);
      await confirmOrYes(`Delete knowledge base ${found.name} (${found.id}) with its ${found.documentCount} documents?`, opts.yes);
      await client.deleteKnowledgeBase(found.id);
      ctx.output.success(`Deleted knowledge base ${found.name} (${found.id})`);
    });

  kb.command("reindex")
    .description("Queue documents for ingestion again: every document of a KB, or one document (DOC = file_...)")
    .argument("<kb-or-doc>", `${KB_ARG}, or a document ID`)
    .addOption(workspaceOption())
    .option("--json", "print JSON: {queued} for a KB, the document for a DOC")
    .addHelpText("after", examples("appstudio kb reindex handbook", "appstudio kb reindex file_4b6c8f0e2a1d3c5b7e9f0a2b4c6d8e0f"))
    .action(async (value, opts) => {
      const client = ctx.client();
      if (DOCUMENT_ID.test(value)) {
        const document = await client.reindexDocument(value);
        if (opts.json) return ctx.output.json(document);
        return ctx.output.success(`Queued ${document.name} (${document.id}) for ingestion`);
      }
      const found = await resolveKb(client, value, opts.workspace);
      const result = await client.reindexKnowledgeBase(found.id);
      if (opts.json) return ctx.output.json(result);
      ctx.output.success(`Queued ${result.queued} documents of ${found.name} (${found.id}) for ingestion`);
    });

  kb.command("upload")
    .description("Upload files as documents (PDF, DOCX, Markdown, text, HTML, CSV); each is stored and queued, or refused with its reason")
    .argument("<kb>", KB_ARG)
    .argument("<files...>", "files to upload")
    .addOption(workspaceOption())
    .option("--tag <tag>", "tag every uploaded document (repeatable)", collect)
    .option("--metadata <key=value>", "metadata of every uploaded document (repeatable; true/false and numbers are typed)", metadataEntry)
    .option("--json", `print JSON: {items: [${DOC_JSON}], errors: [{fileName, code, message}]}`)
    .addHelpText(
      "after",
      examples("appstudio kb upload handbook guide.pdf faq.docx", "appstudio kb upload handbook docs/*.md --tag public --metadata year=2026"),
    )
    .action(async (value, files, opts) => {
      const client = ctx.client();
      const found = await resolveKb(client, value, opts.workspace);
      const result = await uploadEach(ctx, client, found.id, files, { tags: opts.tag ?? [], metadata: opts.metadata ?? {}, json: opts.json === true });
      if (opts.json) ctx.output.json(result.combined);
      else for (const document of result.combined.items) ctx.output.print(document.id);
      if (result.exitCode !== ExitCode.Ok) throw new CliError(`${result.combined.errors.length} of ${files.length} files were not stored`, result.exitCode);
    });

  addDocumentCommands(kb, ctx, resolveKb);

  return kb;
}

interface SettingsOptions {
  description?: string;
  chunkTokens?: number;
  overlapTokens?: number;
  embeddingModel?: string;
  rerankModel?: string;
}

function settingsBody(o: SettingsOptions) {
  const chunking = {
    ...(o.chunkTokens !== undefined ? { chunkTokens: o.chunkTokens } : {}),
    ...(o.overlapTokens !== undefined ? { overlapTokens: o.overlapTokens } : {}),
  };
  return {
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(Object.keys(chunking).length > 0 ? { chunking } : {}),
    ...(o.embeddingModel !== undefined ? { embeddingModel: o.embeddingModel || null } : {}),
    ...(o.rerankModel !== undefined ? { rerankModel: o.rerankModel || null } : {}),
  };
}

function printKb(ctx: CliContext, k: KnowledgeBase): void {
  ctx.output.details([
    ["Knowledge base ID", k.id],
    ["Name", k.name],
    ["Status", k.status],
    ["Documents", String(k.documentCount)],
    ["Chunks", String(k.chunkCount)],
    ["Chunking", `${k.chunking.chunkTokens} tokens, ${k.chunking.overlapTokens} overlap`],
    ["Embedding model", k.embeddingModel ?? "- (full-text search only)"],
    ["Rerank model", k.rerankModel ?? "-"],
    ["Workspace ID", k.workspaceId],
    ["Description", k.description || "-"],
    ["Created", `${formatTime(k.createdAt)} by ${k.createdBy}`],
    ["Updated", formatTime(k.updatedAt)],
  ]);
}
