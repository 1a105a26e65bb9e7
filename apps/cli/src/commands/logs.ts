import { Command, Option } from "@commander-js/extra-typings";
import { APP_ID, type CliContext } from "../cli-context.js";
import { usageError } from "../exit-codes.js";
import { examples, limitParser, offsetParser } from "../help.js";
import { formatTime } from "../output.js";
import { allPagesOption, fetchList, jsonList, pageFooter, pageOption } from "../paging.js";

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** --since accepts a duration (30m, 2h, 7d) or a timestamp; --from/--to a timestamp. */
export function parseTime(flag: string, value: string, now = Date.now()): string {
  const duration = /^(\d+)([smhd])$/.exec(value);
  if (duration && flag === "--since") return new Date(now - Number(duration[1]) * (UNITS[duration[2] ?? "s"] ?? 1000)).toISOString();
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw usageError(`${flag} '${value}' is not a ${flag === "--since" ? "duration (30m, 2h, 7d) or " : ""}date/time`, "for example 2025-06-01T00:00:00Z");
  return date.toISOString();
}

export function logsCommand(ctx: CliContext): Command {
  return new Command("logs")
    .description("List app calls from the call log, newest first")
    .option("-w, --workspace <workspace>", "workspace ID or name (default: the current workspace)")
    .option("--all-workspaces", "calls in every workspace you can see")
    .option("--app <app>", "only this app (App ID or name)")
    .addOption(new Option("--status <status>", "only successful or failed calls").choices(["success", "error"] as const))
    .addOption(
      new Option("--source <source>", "only calls through the DashScope API, the OpenAI-compatible view, MCP or the console's test panel").choices([
        "api",
        "openai",
        "mcp",
        "console",
      ] as const),
    )
    .option("--key <key-id>", "only calls made with this API key")
    .option("--since <when>", "calls since a duration ago (30m, 2h, 7d) or a date/time")
    .option("--from <time>", "calls started at or after this date/time")
    .option("--to <time>", "calls started before this date/time")
    .option("--limit <n>", "how many to show (1-200)", limitParser, 50)
    .option("--offset <n>", "how many to skip", offsetParser, 0)
    .addOption(pageOption())
    .addOption(allPagesOption())
    .option(
      "--json",
      "print a JSON array: [{requestId, appId, workspaceId, apiKeyId, userId, source, status (HTTP), errorCode, latencyMs, inputTokens, outputTokens, streamed, sessionId, startedAt, prompt, answer}]",
    )
    .addHelpText(
      "after",
      examples(
        "appstudio logs --since 1h",
        "appstudio logs --app support-bot --status error",
        "appstudio logs --json --limit 200 | jq '[.[] | .latencyMs] | add / length'",
      ),
    )
    .action(async (opts) => {
      if (opts.since && opts.from) throw usageError("use either --since or --from, not both");
      const workspaceId = opts.allWorkspaces ? undefined : await ctx.existingWorkspaceId(opts.workspace);
      const appId = opts.app ? (APP_ID.test(opts.app) ? opts.app : (await ctx.resolveApp(opts.app, workspaceId)).id) : undefined;
      const from = opts.since ? parseTime("--since", opts.since) : opts.from ? parseTime("--from", opts.from) : undefined;
      const to = opts.to ? parseTime("--to", opts.to) : undefined;
      const page = await fetchList(opts, (paging) =>
        ctx.client().listCallLogs({ ...paging, workspaceId, appId, status: opts.status, source: opts.source, apiKeyId: opts.key, from, to }),
      );
      if (opts.json) return jsonList(ctx.output, page);
      const c = ctx.output.out;
      ctx.output.table(
        page.items,
        [
          { header: "STARTED", value: (l) => formatTime(l.startedAt) },
          { header: "REQUEST ID", value: (l) => l.requestId },
          { header: "APP ID", value: (l) => l.appId ?? "-" },
          { header: "STATUS", value: (l) => (l.status < 400 ? c.green(String(l.status)) : c.red(`${l.status} ${l.errorCode ?? ""}`.trim())) },
          { header: "SOURCE", value: (l) => l.source },
          { header: "LATENCY", value: (l) => `${l.latencyMs}ms` },
          { header: "TOKENS IN/OUT", value: (l) => `${l.inputTokens}/${l.outputTokens}` },
          { header: "STREAM", value: (l) => (l.streamed ? "yes" : "no") },
          { header: "SESSION", value: (l) => l.sessionId ?? "-" },
        ],
        "No calls match.",
      );
      pageFooter(ctx.output, page);
    });
}
