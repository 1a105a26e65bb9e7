import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { CliContext } from "../src/cli-context.js";
import { parseTime } from "../src/commands/logs.js";
import { buildProgram } from "../src/program.js";
import { commandLine, shellQuote, shellWord } from "../src/shell-quote.js";

function helpOf(command: CommandUnknownOpts): string {
  let out = "";
  command.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  command.outputHelp();
  return out;
}

function allCommands(command: CommandUnknownOpts, path: string[] = ["appstudio"]): [string, CommandUnknownOpts][] {
  return [[path.join(" "), command], ...command.commands.flatMap((c) => allCommands(c, [...path, c.name()]))];
}

describe("help", () => {
  const program = buildProgram(new CliContext({}, () => ({})), () => {});

  it.each(allCommands(program).map(([name, command]) => [name, command] as const))("%s --help has a description and examples", (_name, command) => {
    const help = helpOf(command);
    expect(help).toMatch(/Examples:\n {2}\$ \S+/);
    expect(command.description().length).toBeGreaterThan(10);
  });

  it("documents every exit code and the environment on the top-level help", () => {
    const help = helpOf(program);
    for (const code of ["0", "1", "2", "3", "4", "5", "6", "130", "141"]) expect(help).toMatch(new RegExp(`\\n  ${code}  \\w`));
    expect(help).toContain("APPSTUDIO_TOKEN");
    expect(help).toContain("NO_COLOR");
  });

  it("every list and get command offers --json", () => {
    const listsAndGets = allCommands(program).filter(
      ([name]) => /\s(list|get|current|versions|policies|whoami|logs)$/.test(name) || name === "appstudio logs" || name === "appstudio whoami",
    );
    expect(listsAndGets.length).toBeGreaterThanOrEqual(12);
    for (const [name, command] of listsAndGets) expect(helpOf(command), name).toContain("--json");
  });
});

describe("helpers", () => {
  it("shellQuote survives quotes for eval", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it("commandLine quotes only the words the shell would change", () => {
    expect(commandLine("apps", "publish", "Support bot", "-w", "ws-0123456789abcdef")).toBe("appstudio apps publish 'Support bot' -w ws-0123456789abcdef");
    expect(commandLine("login", "--url", "http://localhost:8080/x")).toBe("appstudio login --url http://localhost:8080/x");
    for (const risky of ["", "a$b", "it's", "x;rm", "*", "a\nb"]) expect(shellWord(risky)).toMatch(/^'.*'$/s);
  });

  it("parseTime reads durations for --since and timestamps everywhere", () => {
    const now = Date.parse("2025-06-01T12:00:00Z");
    expect(parseTime("--since", "30m", now)).toBe("2025-06-01T11:30:00.000Z");
    expect(parseTime("--since", "2d", now)).toBe("2025-05-30T12:00:00.000Z");
    expect(parseTime("--from", "2025-01-02T03:04:05Z")).toBe("2025-01-02T03:04:05.000Z");
    expect(() => parseTime("--to", "30m")).toThrow(/is not a date\/time/);
  });
});
