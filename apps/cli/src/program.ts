import { Command, type CommandUnknownOpts, Option } from "@commander-js/extra-typings";
import type { CliContext, GlobalOptions } from "./cli-context.js";
import { accessKeyCommands } from "./commands/access-keys.js";
import { adminCommands } from "./commands/admin.js";
import { appCommands } from "./commands/apps.js";
import { callCommand } from "./commands/call.js";
import { completionCommand } from "./commands/completion.js";
import { envCommand } from "./commands/env.js";
import { kbCommands } from "./commands/kb.js";
import { keyCommands } from "./commands/keys.js";
import { loginCommands } from "./commands/login.js";
import { logsCommand } from "./commands/logs.js";
import { mcpServiceCommands } from "./commands/mcp-services.js";
import { memberCommands } from "./commands/members.js";
import { memoryCommands } from "./commands/memory.js";
import { serveCommand } from "./commands/serve.js";
import { userCommands } from "./commands/users.js";
import { VERSION, versionCommand } from "./commands/version.js";
import { workspaceCommands } from "./commands/workspaces.js";
import { examples } from "./help.js";

const EXIT_CODES = `
Exit codes:
  0  success
  1  server error or unexpected failure
  2  usage error, or input the server rejected (HTTP 400)
  3  not logged in, bad credentials, invalid token or API key, no permission (HTTP 401/403)
  4  not found (HTTP 404)
  5  cannot connect to the server
  6  refused in the current state: name taken, not empty, limit reached, rate limited (HTTP 409/429)
  130  cancelled
  141  the reader of the output went away (\`| head\`), as for SIGPIPE

Environment:
  APPSTUDIO_PROFILE     profile to use (like --profile)
  APPSTUDIO_URL         server to use, instead of the profile's (its stored login, if any)
  APPSTUDIO_TOKEN       personal access token, instead of the stored one
  APPSTUDIO_WORKSPACE   default workspace (ID or name), instead of the profile's current one
  APPSTUDIO_CONFIG_DIR  where config.json lives (default $XDG_CONFIG_HOME/appstudio or ~/.config/appstudio)
  DASHSCOPE_API_KEY     sk- key for \`appstudio call\`
  DASHSCOPE_HTTP_BASE_URL  base URL for \`appstudio call\` (then no login is needed), as \`appstudio env\` exports it
  NO_COLOR              no colours (colours are only used on a terminal anyway)
`;

/** The command tree. `writeOut`/`writeErr` let commander's own help and errors follow the same streams as ours. */
export function buildProgram(ctx: CliContext, setGlobals: (read: () => GlobalOptions) => void): Command<[], { profile?: string; color: boolean }> {
  const program = new Command("appstudio")
    .description("Command-line interface of appstudio: workspaces, apps, API keys and app calls, every ID one command away")
    .version(VERSION, "-v, --version")
    .addOption(new Option("--profile <name>", "use this stored login (default: the last one logged in to)"))
    .option("--no-color", "no colours in the output")
    .showHelpAfterError(ctx.jsonErrors ? false : "(run with --help for usage)")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      // With --json, handleError prints commander's errors as JSON instead.
      outputError: (text, write) => (ctx.jsonErrors ? undefined : write(ctx.output.err.red(text))),
    })
    .addHelpText(
      "after",
      `${examples(
        "appstudio login --url http://localhost:8080",
        "appstudio apps list",
        'eval "$(appstudio env support-bot)"',
        'appstudio call support-bot "Hello"',
      )}${EXIT_CODES}`,
    );
  setGlobals(() => program.opts());
  // Hooks on the root run before every subcommand's action.
  program.hook("preAction", (_root, action) => ctx.resolveWorkspaceNames(action));

  for (const command of [
    serveCommand(ctx),
    ...loginCommands(ctx),
    workspaceCommands(ctx),
    appCommands(ctx),
    kbCommands(ctx),
    keyCommands(ctx),
    accessKeyCommands(ctx),
    userCommands(ctx),
    memberCommands(ctx),
    memoryCommands(ctx),
    mcpServiceCommands(ctx),
    logsCommand(ctx),
    envCommand(ctx),
    callCommand(ctx),
    adminCommands(ctx),
    completionCommand(ctx),
    versionCommand(ctx),
  ]) {
    program.addCommand(command);
  }
  inheritSettings(program);
  return program;
}

/**
 * addCommand() does not copy the parent's settings (commander only does that for .command()),
 * so exit handling, output and error hints are applied down the whole tree here.
 */
function inheritSettings(parent: CommandUnknownOpts): void {
  for (const child of parent.commands) {
    child.copyInheritedSettings(parent);
    inheritSettings(child);
  }
}
