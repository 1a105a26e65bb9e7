import { InvalidArgumentError } from "@commander-js/extra-typings";

/** The "Examples:" block appended to a command's --help; lines starting with # are comments. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => (line.startsWith("#") ? `  ${line}` : `  $ ${line}`)).join("\n")}\n`;
}

/** An argParser for whole-number flags; commander turns the thrown error into a usage error. */
export function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

export const limitParser = integer("--limit", 1, 200);
export const offsetParser = integer("--offset", 0, 1_000_000);
