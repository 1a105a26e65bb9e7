import { CliContext, type GlobalOptions } from "./cli-context.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import { handleError } from "./handle-error.js";
import { buildProgram } from "./program.js";

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCodeValue> {
  let readGlobals: () => GlobalOptions = () => ({});
  const ctx = new CliContext(env, () => readGlobals());
  try {
    const program = buildProgram(ctx, (read) => {
      readGlobals = read;
    });
    await program.parseAsync(argv);
    return ExitCode.Ok;
  } catch (error) {
    return handleError(error, ctx.output, env);
  }
}
