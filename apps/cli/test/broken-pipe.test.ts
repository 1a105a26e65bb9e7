import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_BIN, createSandbox } from "./support/cli-runner.js";

/**
 * Runs the CLI with one output pipe whose reader has already gone away, as `| head -1` leaves it
 * once head has its line: every write to that stream fails with EPIPE.
 */
function runWithClosedReader(args: string[], closed: "stdout" | "stderr", env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  child[closed].destroy();
  const other = closed === "stdout" ? child.stderr : child.stdout;
  let otherText = "";
  other.on("data", (chunk) => (otherText += chunk));
  return new Promise<{ code: number | null; otherText: string }>((resolve) => child.on("close", (code) => resolve({ code, otherText })));
}

describe("output piped into a reader that stops early (| head)", () => {
  const cli = createSandbox();
  afterAll(() => cli.cleanup());

  it("stdout closed: ends quietly with 141 (SIGPIPE's status), no EPIPE stack trace", async () => {
    const result = await runWithClosedReader(["apps", "list", "-h"], "stdout", cli.env);
    expect(result.otherText).toBe("");
    expect(result.code).toBe(141);
  });

  it("stderr closed: the same for messages and errors", async () => {
    // Not logged in: the error goes to stderr, whose reader is gone.
    const result = await runWithClosedReader(["whoami"], "stderr", cli.env);
    expect(result.otherText).toBe("");
    expect(result.code).toBe(141);
  });
});
