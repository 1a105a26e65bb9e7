import type { ParsedDocument } from "@appstudio/core";
import { parse } from "csv-parse/sync";
import { invalidDocument } from "./invalid-document.js";

/**
 * Reads CSV (or TSV / semicolon-separated, told apart by the header line) into one paragraph per
 * row written as `column: value; column: value`, so every row carries its header and a chunk
 * of whole rows reads on its own. The first row is the header; empty values are left out.
 */
export function parseCsv(text: string): ParsedDocument {
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw invalidDocument(`The CSV file could not be read${line ? ` (line ${line})` : ""}: ${(error as Error).message}`);
  }
  const [header = [], ...rows] = records;
  const names = header.map((name, i) => name.trim() || `column ${i + 1}`);
  const blocks = rows
    .map((row) =>
      row
        .map((value, i) => [names[i] ?? `column ${i + 1}`, value.replace(/\s+/g, " ").trim()] as const)
        .filter(([, value]) => value !== "")
        .map(([name, value]) => `${name}: ${value}`)
        .join("; "),
    )
    .filter((text) => text !== "")
    .map((text) => ({ kind: "paragraph" as const, text }));
  return { blocks, pageCount: null };
}

/** The separator that occurs most often in the first line, outside quotes; a comma by default. */
function delimiterOf(text: string): string {
  const firstLine = (text.split("\n", 1)[0] ?? "").replace(/"[^"]*"/g, "");
  let best = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t", "|"]) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}
