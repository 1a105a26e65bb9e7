import { CliContext, type GlobalOptions } from "./cli-context.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import { handleError } from "./handle-error.js";
import { buildProgram } from "./program.js";

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCodeValue> {
  let readGlobals: () => GlobalOptions = () => ({});
  const ctx = new CliContext(env, () => readGlobals());
  // Read from argv rather than the parsed options: a usage error fails before any option is parsed.
  ctx.jsonErrors = wantsJson(argv.slice(2));
  try {
    const program = buildProgram(ctx, (read) => {
      readGlobals = read;
    });
    await program.parseAsync(argv);
    return ExitCode.Ok;
  } catch (error) {
    return handleError(error, ctx.output, env, ctx.jsonErrors);
  }
}

/** `--json` among the options (not after `--`, where it would be an argument such as a prompt). */
function wantsJson(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}
