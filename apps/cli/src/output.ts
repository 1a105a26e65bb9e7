import pc from "picocolors";

type Colors = ReturnType<typeof pc.createColors>;

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org) or --no-color is given. */
function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, disabled: boolean): Colors {
  const enabled = !disabled && stream.isTTY === true && !(env.NO_COLOR !== undefined && env.NO_COLOR !== "");
  return pc.createColors(enabled);
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

// Colour codes take no space on screen, so widths are measured without them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of colour codes is the point
const ANSI = /\u001b\[[0-9;]*m/g;
const width = (text: string) => text.replace(ANSI, "").length;

/** Writes to stdout (results) and stderr (messages, errors) with the right colours for each. */
export class Output {
  readonly out: Colors;
  readonly err: Colors;

  constructor(
    private readonly stdout: NodeJS.WriteStream,
    private readonly stderr: NodeJS.WriteStream,
    env: NodeJS.ProcessEnv,
    noColor: boolean,
  ) {
    this.out = colorsFor(stdout, env, noColor);
    this.err = colorsFor(stderr, env, noColor);
  }

  print(text = ""): void {
    this.stdout.write(`${text}\n`);
  }

  write(text: string): void {
    this.stdout.write(text);
  }

  json(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Aligned columns; the last column is not padded so lines carry no trailing spaces. */
  table<T>(rows: readonly T[], columns: readonly Column<T>[], empty = "Nothing to show."): void {
    if (rows.length === 0) {
      this.info(empty);
      return;
    }
    const cells = rows.map((row) => columns.map((c) => c.value(row)));
    const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i] ?? ""))));
    const line = (values: string[]) =>
      values
        .map((v, i) => (i === values.length - 1 ? v : v + " ".repeat((widths[i] ?? 0) - width(v))))
        .join("  ")
        .trimEnd();
    this.print(this.out.bold(line(columns.map((c) => c.header))));
    for (const row of cells) this.print(line(row));
  }

  /** "Label:  value" lines for a single object. */
  details(pairs: readonly [string, string][]): void {
    const labelWidth = Math.max(...pairs.map(([label]) => label.length + 1));
    for (const [label, value] of pairs) this.print(`${this.out.dim(`${label}:`.padEnd(labelWidth))}  ${value}`);
  }

  info(message: string): void {
    this.stderr.write(`${message}\n`);
  }

  success(message: string): void {
    this.stderr.write(`${this.err.green("✓")} ${message}\n`);
  }

  warn(message: string): void {
    this.stderr.write(`${this.err.yellow("warning:")} ${message}\n`);
  }

  /** An error as one line of JSON on stderr (`--json`), never coloured. */
  errorJson(value: unknown): void {
    this.stderr.write(`${JSON.stringify(value)}\n`);
  }

  error(message: string, detail?: string, hint?: string): void {
    this.stderr.write(`${this.err.red(this.err.bold("error:"))} ${message}\n`);
    if (detail) this.stderr.write(`${this.err.dim(`  ${detail}`)}\n`);
    if (hint) this.stderr.write(`${this.err.cyan("hint:")} ${hint}\n`);
  }
}

/** Timestamps in tables: ISO 8601 to the second, in UTC, so they sort and compare as text. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "-";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19)}Z`;
}
