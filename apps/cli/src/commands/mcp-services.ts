import type { CreateMcpServiceBody, McpService, UpdateMcpServiceBody } from "@appstudio/sdk";
import { Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { examples, integer, limitParser, offsetParser } from "../help.js";
import { formatTime } from "../output.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";
import { confirmOrYes } from "../prompts.js";
import { commandLine } from "../shell-quote.js";

const SERVICE_JSON = "{id, workspaceId, name, description, url, transport, headerNames, allowedTools, timeoutMs, createdBy, createdAt, updatedAt}";
const SERVICE_ARG = "MCP service ID (mcp-...) or its name in the workspace";
const SERVICE_ID = /^mcp-[0-9a-f]{16}$/;

const collect = (value: string, previous: string[] = []) => [...previous, value];
const timeoutParser = integer("--timeout-ms", 1000, 120_000);

/** `Name: value` pairs from repeated --header options. */
function headersOf(values: string[] | undefined): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf(":");
    if (at <= 0) throw usageError(`--header '${value.split(":")[0]}' must look like 'Name: value'`, '--header "Authorization: Bearer $MCP_TOKEN"');
    headers[value.slice(0, at).trim()] = value.slice(at + 1).trim();
  }
  return headers;
}

/** `appstudio mcp-services ...`: remote MCP servers agents and workflow MCP nodes call (docs/mcp.md). */
export function mcpServiceCommands(ctx: CliContext): Command {
  const mcp = new Command("mcp-services")
    .alias("mcp")
    .description("MCP services: remote MCP servers whose tools agents and workflow MCP nodes call (header values are stored encrypted)")
    .addHelpText(
      "after",
      examples(
        'appstudio mcp-services create search --url https://mcp.example.com/mcp --header "Authorization: Bearer $MCP_TOKEN"',
        "appstudio mcp-services tools search",
        "appstudio mcp-services update search --allow web_search --allow fetch_page",
        "appstudio mcp-services list --json | jq -r '.[].id'",
      ),
    );

  /** Lookup: an ID as it is; a name within the workspace. */
  const lookup = (value: string, workspaceFlag: string | undefined) => (SERVICE_ID.test(value) ? {} : { workspaceId: ctx.workspaceId(workspaceFlag) });

  mcp
    .command("list")
    .alias("ls")
    .description("List the MCP services of a workspace (default: the current one), oldest first")
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option("--json", `print a JSON array: [${SERVICE_JSON}]`)
    .addHelpText("after", examples("appstudio mcp-services list"))
    .action(async (opts) => {
      const workspaceId = await ctx.existingWorkspaceId(opts.workspace);
      const page = await fetchList(opts, (paging) => ctx.client().listMcpServices({ workspaceId, ...paging }));
      if (opts.json) return jsonList(ctx.output, page);
      ctx.output.table(
        page.items,
        [
          { header: "SERVICE ID", value: (s) => s.id },
          { header: "NAME", value: (s) => s.name },
          { header: "TRANSPORT", value: (s) => s.transport },
          { header: "URL", value: (s) => s.url },
          { header: "TOOLS", value: (s) => (s.allowedTools.length === 0 ? "all" : s.allowedTools.join(",")) },
        ],
        "No MCP services. Add one with `appstudio mcp-services create <name> --url <URL>`.",
      );
      pageFooter(ctx.output, page);
    });

  mcp
    .command("get")
    .description("Show an MCP service (header names only; values are never shown)")
    .argument("<service>", SERVICE_ARG)
    .option("-w, --workspace <workspace>", "workspace of a service named by name (default: the current workspace)")
    .option("--json", `print JSON: ${SERVICE_JSON}`)
    .addHelpText("after", examples("appstudio mcp-services get search", "appstudio mcp-services get mcp-3f2b9c0d4e5f6071 --json"))
    .action(async (service, opts) => {
      const s = await ctx.client().getMcpService(service, lookup(service, opts.workspace));
      if (opts.json) return ctx.output.json(s);
      printService(ctx, s);
    });

  mcp
    .command("create")
    .description("Add an MCP service; its ID alone goes to stdout")
    .argument("<name>", "unique in the workspace: letters, digits, '_' or '-' (it prefixes the tool names models see)")
    .requiredOption("--url <url>", "the server's MCP endpoint, e.g. https://mcp.example.com/mcp")
    .addOption(
      new Option("--transport <transport>", "streamable-http (default) or sse (the older HTTP+SSE transport)").choices(["streamable-http", "sse"] as const),
    )
    .option("-H, --header <name:value>", "header sent with every request, e.g. 'Authorization: Bearer ...' (repeatable; stored encrypted)", collect)
    .option("--allow <tool>", "a tool apps may use (repeatable; default: every tool)", collect)
    .option("--timeout-ms <ms>", "bound on connecting and on each tool call, 1000-120000 (default 30000)", timeoutParser)
    .option("--description <text>", "what the service is for")
    .option("-w, --workspace <workspace>", "workspace (ID or name) of the service (default: the current workspace)")
    .option("--json", `print JSON: ${SERVICE_JSON}`)
    .addHelpText(
      "after",
      examples(
        'appstudio mcp-services create search --url https://mcp.example.com/mcp --header "Authorization: Bearer $MCP_TOKEN"',
        "appstudio mcp-services create legacy --url https://old.example.com/sse --transport sse --allow lookup",
      ),
    )
    .action(async (name, opts) => {
      const headers = headersOf(opts.header);
      const body: CreateMcpServiceBody = {
        workspaceId: ctx.workspaceId(opts.workspace),
        name,
        url: opts.url,
        ...(opts.transport ? { transport: opts.transport } : {}),
        ...(headers ? { headers } : {}),
        ...(opts.allow ? { allowedTools: opts.allow } : {}),
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
      };
      const created = await ctx.client().createMcpService(body);
      if (opts.json) return ctx.output.json(created);
      // The hint must work as printed: a name is looked up in the current workspace, so name the workspace when it is another.
      const inWorkspace = created.workspaceId === ctx.profile()?.workspaceId ? [] : ["-w", created.workspaceId];
      const check = commandLine("mcp-services", "tools", created.name, ...inWorkspace);
      ctx.output.success(`Added MCP service '${created.name}' to ${created.workspaceId}; check it with \`${check}\`:`);
      ctx.output.print(created.id);
    });

  mcp
    .command("update")
    .description("Change an MCP service; --header replaces every stored header")
    .argument("<service>", SERVICE_ARG)
    .option("--name <name>", "new name")
    .option("--url <url>", "new URL")
    .addOption(new Option("--transport <transport>", "streamable-http or sse").choices(["streamable-http", "sse"] as const))
    .option("-H, --header <name:value>", "header (repeatable); the given headers replace all stored ones", collect)
    .option("--clear-headers", "remove every stored header")
    .option("--allow <tool>", "a tool apps may use (repeatable); replaces the list", collect)
    .option("--allow-all", "let apps use every tool the server lists")
    .option("--timeout-ms <ms>", "1000-120000", timeoutParser)
    .option("--description <text>", "new description")
    .option("-w, --workspace <workspace>", "workspace of a service named by name (default: the current workspace)")
    .option("--json", `print JSON: ${SERVICE_JSON}`)
    .addHelpText(
      "after",
      examples("appstudio mcp-services update search --allow web_search", 'appstudio mcp-services update search --header "Authorization: Bearer $NEW_TOKEN"'),
    )
    .action(async (service, opts) => {
      if (opts.header && opts.clearHeaders) throw usageError("--header and --clear-headers exclude each other");
      if (opts.allow && opts.allowAll) throw usageError("--allow and --allow-all exclude each other");
      const headers = opts.clearHeaders ? {} : headersOf(opts.header);
      const body: UpdateMcpServiceBody = {
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.url !== undefined ? { url: opts.url } : {}),
        ...(opts.transport ? { transport: opts.transport } : {}),
        ...(headers ? { headers } : {}),
        ...(opts.allow ? { allowedTools: opts.allow } : opts.allowAll ? { allowedTools: [] } : {}),
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
      };
      if (Object.keys(body).length === 0) throw usageError("nothing to change", "pass at least one option, e.g. --url or --allow");
      const updated = await ctx.client().updateMcpService(service, body, lookup(service, opts.workspace));
      if (opts.json) return ctx.output.json(updated);
      ctx.output.success(`Updated ${updated.id}`);
    });

  mcp
    .command("delete")
    .description("Delete an MCP service (apps that attach it skip it from then on)")
    .argument("<service>", SERVICE_ARG)
    .option("-w, --workspace <workspace>", "workspace of a service named by name (default: the current workspace)")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("appstudio mcp-services delete search --yes"))
    .action(async (service, opts) => {
      await confirmOrYes(`Delete MCP service ${service}?`, opts.yes);
      await ctx.client().deleteMcpService(service, lookup(service, opts.workspace));
      ctx.output.success(`Deleted ${service}`);
    });

  mcp
    .command("tools")
    .description("Connect now and list the server's tools (a connection test; exits 1 when it fails)")
    .argument("<service>", SERVICE_ARG)
    .option("-w, --workspace <workspace>", "workspace of a service named by name (default: the current workspace)")
    .option("--json", "print JSON: {ok, latencyMs, tools: [{name, description, inputSchema, allowed}]} (a failure is an error, exit code 1)")
    .addHelpText("after", examples("appstudio mcp-services tools search", "appstudio mcp-services tools search --json | jq -r '.tools[].name'"))
    .action(async (service, opts) => {
      const listing = await ctx.client().listMcpServiceTools(service, lookup(service, opts.workspace));
      if (listing.ok && opts.json) ctx.output.json(listing);
      else if (listing.ok) {
        ctx.output.table(
          listing.tools ?? [],
          [
            { header: "TOOL", value: (t) => t.name },
            { header: "ALLOWED", value: (t) => (t.allowed ? "yes" : "no") },
            { header: "DESCRIPTION", value: (t) => t.description.split("\n")[0] ?? "" },
          ],
          "The server lists no tools.",
        );
      }
      if (!listing.ok) {
        throw new CliError(
          `could not list tools (${listing.latencyMs} ms): ${listing.error ?? "unknown error"}`,
          ExitCode.Error,
          "check the URL, the transport and the headers with `appstudio mcp-services update`",
        );
      }
    });

  return mcp;
}

function printService(ctx: CliContext, s: McpService): void {
  ctx.output.details([
    ["Service ID", s.id],
    ["Name", s.name],
    ["Workspace ID", s.workspaceId],
    ["URL", s.url],
    ["Transport", s.transport],
    ["Headers", s.headerNames.length === 0 ? "-" : `${s.headerNames.join(", ")} (values stored encrypted)`],
    ["Allowed tools", s.allowedTools.length === 0 ? "all" : s.allowedTools.join(", ")],
    ["Timeout", `${s.timeoutMs} ms`],
    ["Description", s.description || "-"],
    ["Created", `${formatTime(s.createdAt)} by ${s.createdBy}`],
    ["Updated", formatTime(s.updatedAt)],
  ]);
}
