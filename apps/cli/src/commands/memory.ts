import type { Memory } from "@appstudio/sdk";
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { examples, limitParser, offsetParser } from "../help.js";
import { formatTime } from "../output.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";
import { confirmOrYes } from "../prompts.js";

const MEMORY_JSON = "{id, workspaceId, description, nodeCount, createdBy, createdAt, updatedAt}";
const NODE_JSON = "{id, memoryId, workspaceId, content, createdAt, updatedAt}";
const EXAMPLE_ID = "3f2b9c0d4e5f60718293a4b5c6d7e8f9";

/** `appstudio memory ...`: long-term memory stores (the `memory_id` of app calls) and their facts. */
export function memoryCommands(ctx: CliContext): Command {
  const memory = new Command("memory")
    .description("Long-term memory: stores of facts an agent keeps about a user (pass the ID as input.memory_id)")
    .addHelpText(
      "after",
      examples("appstudio memory create --description customer-42", `appstudio memory nodes ${EXAMPLE_ID}`, `appstudio memory delete ${EXAMPLE_ID} --yes`),
    );

  memory
    .command("list")
    .alias("ls")
    .description("List memories (default: of the current workspace), newest first")
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", `print a JSON array: [${MEMORY_JSON}]`)
    .addHelpText("after", examples("appstudio memory list", "appstudio memory list --json | jq -r '.[].id'"))
    .action(async (opts) => {
      const workspaceId = await ctx.existingWorkspaceId(opts.workspace);
      const page = await fetchList(opts, (paging) => ctx.client().listMemories({ workspaceId, ...paging }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(
        page.items,
        [
          { header: "MEMORY ID", value: (m) => m.id },
          { header: "NODES", value: (m) => String(m.nodeCount) },
          { header: "UPDATED", value: (m) => formatTime(m.updatedAt) },
          { header: "DESCRIPTION", value: (m) => m.description },
        ],
        "No memories. Create one with `appstudio memory create`.",
      );
      pageFooter(ctx.output, page);
    });

  memory
    .command("create")
    .description("Create a memory; its ID alone goes to stdout")
    .option("-w, --workspace <workspace>", "workspace (ID or name) the memory belongs to (default: the current workspace)")
    .option("--description <text>", "whose memory it is, e.g. an end-user ID of your system")
    .option("--json", `print JSON: ${MEMORY_JSON}`)
    .addHelpText("after", examples("appstudio memory create --description customer-42", "MEMORY_ID=$(appstudio memory create)"))
    .action(async (opts) => {
      const created = await ctx
        .client()
        .createMemory({ workspaceId: ctx.workspaceId(opts.workspace), ...(opts.description ? { description: opts.description } : {}) });
      if (opts.json) return ctx.output.json(created);
      ctx.output.success(`Created memory in ${created.workspaceId}; call agents with input.memory_id set to:`);
      ctx.output.print(created.id);
    });

  memory
    .command("get")
    .description("Show one memory")
    .argument("<memory-id>", "memory ID (32 hex characters)")
    .option("--json", `print JSON: ${MEMORY_JSON}`)
    .addHelpText("after", examples(`appstudio memory get ${EXAMPLE_ID}`, `appstudio memory get ${EXAMPLE_ID} --json`))
    .action(async (id, opts) => {
      const m = await ctx.client().getMemory(id);
      if (opts.json) return ctx.output.json(m);
      printMemory(ctx, m);
    });

  memory
    .command("delete")
    .description("Delete a memory and every fact in it (how a user's remembered data is erased)")
    .argument("<memory-id>", "memory ID")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples(`appstudio memory delete ${EXAMPLE_ID} --yes`))
    .action(async (id, opts) => {
      await confirmOrYes(`Delete memory ${id} and everything it remembers?`, opts.yes);
      await ctx.client().deleteMemory(id);
      ctx.output.success(`Deleted ${id}`);
    });

  memory
    .command("nodes")
    .description("List the facts in a memory, oldest first")
    .argument("<memory-id>", "memory ID")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", `print a JSON array: [${NODE_JSON}]`)
    .addHelpText("after", examples(`appstudio memory nodes ${EXAMPLE_ID}`))
    .action(async (id, opts) => {
      const page = await fetchList(opts, (paging) => ctx.client().listMemoryNodes(id, { ...paging }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(
        page.items,
        [
          { header: "NODE ID", value: (n) => n.id },
          { header: "UPDATED", value: (n) => formatTime(n.updatedAt) },
          { header: "CONTENT", value: (n) => n.content },
        ],
        "No facts yet. Agents with long-term memory add them after each turn, or use `appstudio memory add-node`.",
      );
      pageFooter(ctx.output, page);
    });

  memory
    .command("add-node")
    .description("Add a fact to a memory; the node ID alone goes to stdout")
    .argument("<memory-id>", "memory ID")
    .argument("<content>", 'the fact, e.g. "The user prefers short answers."')
    .option("--json", `print JSON: ${NODE_JSON}`)
    .addHelpText("after", examples(`appstudio memory add-node ${EXAMPLE_ID} "The user is vegetarian."`))
    .action(async (id, content, opts) => {
      const node = await ctx.client().createMemoryNode(id, { content });
      if (opts.json) return ctx.output.json(node);
      ctx.output.success("Added; node ID:");
      ctx.output.print(node.id);
    });

  memory
    .command("delete-node")
    .description("Forget one fact")
    .argument("<memory-id>", "memory ID")
    .argument("<node-id>", "node ID")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples(`appstudio memory delete-node ${EXAMPLE_ID} 0a1b2c3d4e5f60718293a4b5c6d7e8f9 --yes`))
    .action(async (id, nodeId, opts) => {
      await confirmOrYes(`Delete node ${nodeId}?`, opts.yes);
      await ctx.client().deleteMemoryNode(id, nodeId);
      ctx.output.success(`Deleted ${nodeId}`);
    });

  return memory;
}

function printMemory(ctx: CliContext, m: Memory): void {
  ctx.output.details([
    ["Memory ID", m.id],
    ["Workspace ID", m.workspaceId],
    ["Description", m.description || "-"],
    ["Nodes", String(m.nodeCount)],
    ["Created", `${formatTime(m.createdAt)} by ${m.createdBy}`],
    ["Updated", formatTime(m.updatedAt)],
  ]);
}
