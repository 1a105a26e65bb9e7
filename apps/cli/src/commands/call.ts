import { type CompletionRequest, type CompletionResponse, DashScopeClient } from "@appstudio/sdk";
import { Command } from "@commander-js/extra-typings";
import { APP_ID, type CliContext } from "../cli-context.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { examples } from "../help.js";

export function callCommand(ctx: CliContext) {
  return new Command("call")
    .description("Call an app through the DashScope API and stream its answer")
    .argument("<app>", "App ID, or the app's name in the workspace")
    .argument("<prompt>", "what to say to the app")
    .option("--session <id>", "continue a conversation (the session ID printed by the previous call)")
    .option("--biz-params <json>", 'input.biz_params as JSON, e.g. \'{"user_prompt_params":{"city":"Hangzhou"}}\'')
    .option("--no-stream", "wait for the whole answer instead of streaming it")
    .option("--api-key <sk>", "API key (default: $DASHSCOPE_API_KEY)")
    .option("-w, --workspace <id>", "workspace to look the name up in, sent as X-DashScope-WorkSpace")
    .option("--base-url <url>", "DashScope base URL ending in /api/v1 (default: the workspace's shared base URL from the server)")
    .option("--json", "print the response envelope as JSON (one line per event when streaming)")
    .addHelpText(
      "after",
      `
The answer goes to stdout; the session ID goes to stderr at the end, so the next call can continue it.
With --base-url and an App ID no login is needed: only the sk- key is used.
${examples(
  'appstudio call support-bot "Where is my order?"',
  'appstudio call support-bot "And when will it arrive?" --session 069db8223d514dab91185954dc5108de',
  `appstudio call trip-planner "Plan a day" --biz-params '{"user_prompt_params":{"city":"Hangzhou"}}' --no-stream`,
  'DASHSCOPE_API_KEY=sk-... appstudio call 5ccc140108fd4b2ea5e6101fbada7583 "Hi" --base-url http://localhost:8080/api/v1',
)}`,
    )
    .action(async (app, prompt, opts) => {
      const apiKey = opts.apiKey ?? ctx.env.DASHSCOPE_API_KEY;
      if (!apiKey) throw new CliError("no API key", ExitCode.Auth, "pass --api-key sk-... or set DASHSCOPE_API_KEY (create one with `appstudio keys create`)");
      const body: CompletionRequest = {
        input: { prompt, ...(opts.session ? { session_id: opts.session } : {}), ...(opts.bizParams ? { biz_params: parseBizParams(opts.bizParams) } : {}) },
        parameters: opts.stream ? { incremental_output: true } : {},
      };
      const target = await resolveTarget(ctx, app, opts.workspace, opts.baseUrl);
      const client = new DashScopeClient({ baseUrl: target.baseUrl, apiKey, ...(target.workspaceId ? { workspaceId: target.workspaceId } : {}) });

      if (!opts.stream) {
        const response = await client.completion(target.appId, body);
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
        for await (const chunk of client.stream(target.appId, body, { signal: abort.signal })) {
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

/**
 * Where to send the call. With --base-url and an App ID the server's management API is not
 * needed; otherwise the app is looked up (so a wrong name fails with "not found", not with
 * DashScope's deliberately vague App.AccessDenied) and its workspace gives the shared base URL.
 */
async function resolveTarget(ctx: CliContext, app: string, workspace: string | undefined, baseUrl: string | undefined) {
  if (baseUrl && APP_ID.test(app)) return { appId: app, baseUrl, workspaceId: workspace };
  const found = await ctx.resolveApp(app, workspace);
  if (baseUrl) return { appId: found.id, baseUrl, workspaceId: found.workspaceId };
  const ws = await ctx.client().getWorkspace(found.workspaceId);
  return { appId: found.id, baseUrl: ws.endpoints.sharedBaseUrl, workspaceId: found.workspaceId };
}

function printSession(ctx: CliContext, response: CompletionResponse): void {
  const id = response.output.session_id;
  if (id) ctx.output.info(ctx.output.err.dim(`session_id: ${id}  (continue with --session ${id})`));
}
