/**
 * Renders rows as a Markdown table, the first row as its header: `| a | b |`, `| --- | --- |`,
 * then one line per row. Empty rows are dropped; short rows are padded so columns line up.
 * Tables from every format look the same, and the chunker can repeat the first two lines (the
 * header) when it splits a long table.
 */
export function markdownTable(rows: string[][]): string {
  const kept = rows.filter((row) => row.some((cell) => cell.trim() !== ""));
  const header = kept[0];
  if (!header) return "";
  // A reduce, not Math.max(...rows): a table can have more rows than a call takes arguments.
  const width = kept.reduce((widest, row) => Math.max(widest, row.length), 0);
  const line = (row: string[]) => `| ${Array.from({ length: width }, (_, i) => escapeCell(row[i] ?? "")).join(" | ")} |`;
  return [line(header), `|${" --- |".repeat(width)}`, ...kept.slice(1).map(line)].join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/\|/g, "\\|");
}
