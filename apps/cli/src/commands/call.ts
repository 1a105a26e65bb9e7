import { type CompletionRequest, type CompletionResponse, DashScopeClient } from "@appstudio/sdk";
import { Command } from "@commander-js/extra-typings";
import { APP_ID, type CliContext, WORKSPACE_ID } from "../cli-context.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { examples } from "../help.js";
import { commandLine } from "../shell-quote.js";

export function callCommand(ctx: CliContext) {
  return new Command("call")
    .description("Call an app through the DashScope API and stream its answer")
    .argument("<app>", "App ID, or the app's name in the workspace")
    .argument("<prompt>", "what to say to the app")
    .option("--session <id>", "continue a conversation (the session ID printed by the previous call)")
    .option("--biz-params <json>", 'input.biz_params as JSON, e.g. \'{"user_prompt_params":{"city":"Hangzhou"}}\'')
    .option("--no-stream", "wait for the whole answer instead of streaming it")
    .option("--api-key <sk>", "API key (default: $DASHSCOPE_API_KEY)")
    .option("-w, --workspace <workspace>", "workspace (ID or name) to look the name up in, sent as X-DashScope-WorkSpace")
    .option(
      "--base-url <url>",
      "DashScope base URL ending in /api/v1 (default: $DASHSCOPE_HTTP_BASE_URL, else the workspace's shared base URL from the server)",
    )
    .option("--json", "print the response envelope as JSON (one line per event when streaming)")
    .addHelpText(
      "after",
      `
The answer goes to stdout; the session ID goes to stderr at the end, so the next call can continue it.
With a base URL (--base-url, or DASHSCOPE_HTTP_BASE_URL as \`appstudio env\` exports it) no login is
needed: only the sk- key is used, and an app name is looked up among the apps the key can call.
${examples(
  'appstudio call support-bot "Where is my order?"',
  'appstudio call support-bot "And when will it arrive?" --session 069db8223d514dab91185954dc5108de',
  `appstudio call trip-planner "Plan a day" --biz-params '{"user_prompt_params":{"city":"Hangzhou"}}' --no-stream`,
  'DASHSCOPE_API_KEY=sk-... appstudio call 5ccc140108fd4b2ea5e6101fbada7583 "Hi" --base-url http://localhost:8080/api/v1',
  "# with what `appstudio env APP --create-key` exports (DASHSCOPE_API_KEY, DASHSCOPE_HTTP_BASE_URL), e.g. in CI:",
  'appstudio call "$APPSTUDIO_APP_ID" "Hi"',
)}`,
    )
    .action(async (app, prompt, opts) => {
      const apiKey = opts.apiKey ?? ctx.env.DASHSCOPE_API_KEY;
      if (!apiKey) throw new CliError("no API key", ExitCode.Auth, `pass --api-key sk-... or set DASHSCOPE_API_KEY (${keyHint})`);
      const body: CompletionRequest = {
        input: { prompt, ...(opts.session ? { session_id: opts.session } : {}), ...(opts.bizParams ? { biz_params: parseBizParams(opts.bizParams) } : {}) },
        parameters: opts.stream ? { incremental_output: true } : {},
      };
      const { client, appId } = await resolveTarget(ctx, app, opts.workspace, opts.baseUrl, apiKey);
      if (!opts.stream) {
        const response = await client.completion(appId, body);
        if (opts.json) ctx.output.json(response);
        else ctx.output.print(response.output.text);
        return printSession(ctx, response);
      }

      // Ctrl-C ends the request (the server then aborts the model call) instead of leaving it running.
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once("SIGINT", onSigint);
      let last: CompletionResponse | undefined;
      try {
        for await (const chunk of client.stream(appId, body, { signal: abort.signal })) {
          last = chunk;
          if (opts.json) ctx.output.print(JSON.stringify(chunk));
          else if (chunk.output.text) ctx.output.write(chunk.output.text);
        }
      } catch (e) {
        if (abort.signal.aborted) throw new CliError("cancelled", ExitCode.Cancelled);
        if (last && !opts.json) ctx.output.write("\n");
        throw e;
      } finally {
        process.removeListener("SIGINT", onSigint);
      }
      if (!opts.json) ctx.output.write("\n");
      if (last?.output.finish_reason !== "stop") throw new CliError("the stream ended before the answer was complete", ExitCode.Error);
      printSession(ctx, last);
    });
}

function parseBizParams(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw usageError("--biz-params must be a JSON object", `for example --biz-params '{"user_prompt_params":{"name":"Ann"}}'`);
}

const keyHint = 'create one with `appstudio keys create`, or export what `eval "$(appstudio env APP --create-key)"` prints';

/**
 * Where to send the call. With a base URL (--base-url, else DASHSCOPE_HTTP_BASE_URL as `appstudio
 * env` exports it) only the sk- key is used, no login: an app name is looked up among the apps
 * the key can call. Otherwise the app is looked up through the management API (so a wrong name
 * fails with "not found", not with DashScope's deliberately vague App.AccessDenied) and its
 * workspace gives the shared base URL.
 */
async function resolveTarget(ctx: CliContext, app: string, workspace: string | undefined, baseUrlFlag: string | undefined, apiKey: string) {
  const baseUrl = baseUrlFlag ?? (ctx.env.DASHSCOPE_HTTP_BASE_URL || undefined);
  if (baseUrl) {
    const target = reachable(baseUrl);
    const workspaceId = workspace ?? target.workspaceId ?? (ctx.env.DASHSCOPE_WORKSPACE_ID || undefined);
    const client = new DashScopeClient({ baseUrl: target.baseUrl, apiKey, ...(workspaceId ? { workspaceId } : {}) });
    if (APP_ID.test(app)) return { client, appId: app };
    const named = (await client.listApps({ name: app, limit: 200 })).items.filter((a) => a.name === app);
    const found = named[0];
    if (!found) {
      throw new CliError(
        `no app named '${app}' that this API key can call`,
        ExitCode.NotFound,
        'pass the App ID, or list the key\'s apps with `curl "$DASHSCOPE_HTTP_BASE_URL/apps" -H "Authorization: Bearer $DASHSCOPE_API_KEY"`',
      );
    }
    if (found.status === "draft") throw draft(found.name, found.workspace_id);
    return { client, appId: found.app_id };
  }
  const found = await ctx.resolveApp(app, workspace);
  if (found.publishedVersion === null) throw draft(found.name, found.workspaceId);
  const ws = await ctx.client().getWorkspace(found.workspaceId);
  return { client: new DashScopeClient({ baseUrl: ws.endpoints.sharedBaseUrl, apiKey, workspaceId: found.workspaceId }), appId: found.id };
}

const draft = (name: string, workspaceId: string) =>
  new CliError(
    `app ${name} is a draft — publish it before calling it`,
    ExitCode.Rejected,
    `run \`${commandLine("apps", "publish", name, "-w", workspaceId)}\``,
  );

/**
 * Workspace-dedicated hosts are `{WorkspaceId}.{region}.localhost` on a local server. Browsers and
 * curl send *.localhost to loopback (RFC 6761), but Node's resolver does not know them, so such a
 * URL is called as the plain `localhost` with the workspace in the X-DashScope-WorkSpace header,
 * which names the same workspace.
 */
function reachable(baseUrl: string): { baseUrl: string; workspaceId?: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw usageError(`'${baseUrl}' is not a URL`, "for example http://localhost:8080/api/v1");
  }
  if (!url.hostname.endsWith(".localhost")) return { baseUrl };
  const [first] = url.hostname.split(".");
  url.hostname = "localhost";
  return { baseUrl: url.toString(), ...(first && WORKSPACE_ID.test(first) ? { workspaceId: first } : {}) };
}

function printSession(ctx: CliContext, response: CompletionResponse): void {
  const id = response.output.session_id;
  if (id) ctx.output.info(ctx.output.err.dim(`session_id: ${id}  (continue with --session ${id})`));
}
