import { confirm, isCancel, password, text } from "@clack/prompts";
import { CliError, ExitCode, usageError } from "./exit-codes.js";

const cancelled = () => new CliError("cancelled", ExitCode.Cancelled);

/** Prompts go to stderr so that stdout stays clean for results and `eval`. */
export async function promptText(message: string, initialValue?: string): Promise<string> {
  const value = await text({
    message,
    output: process.stderr,
    ...(initialValue ? { initialValue } : {}),
    validate: (v) => (v?.trim() ? undefined : "required"),
  });
  if (isCancel(value)) throw cancelled();
  return value.trim();
}

export async function promptPassword(message: string): Promise<string> {
  const value = await password({ message, output: process.stderr, validate: (v) => (v ? undefined : "required") });
  if (isCancel(value)) throw cancelled();
  return value;
}

export const isInteractive = () => process.stdin.isTTY === true && process.stderr.isTTY === true;

/** The first line of stdin (for --password-stdin, --with-token), without its line end. */
export async function readStdinLine(what: string, flag = `--${what}-stdin`): Promise<string> {
  if (process.stdin.isTTY) throw usageError(`${flag} expects the ${what} on standard input`, `echo "$SECRET" | appstudio ... ${flag}`);
  let data = "";
  for await (const chunk of process.stdin) data += String(chunk);
  const line = data.split(/\r?\n/)[0] ?? "";
  if (line.length === 0) throw usageError(`no ${what} on standard input`);
  return line;
}

/** Asks before destructive changes; without a terminal, --yes is required instead. */
export async function confirmOrYes(message: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!isInteractive()) throw usageError(`${message} Pass --yes to confirm when not running in a terminal.`);
  const answer = await confirm({ message, output: process.stderr, initialValue: false });
  if (isCancel(answer) || !answer) throw cancelled();
}
