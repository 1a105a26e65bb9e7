import type { ParsedDocument } from "@appstudio/core";

/** Plain text: paragraphs are separated by blank lines; line breaks inside one are kept. */
export function parseText(text: string): ParsedDocument {
  const blocks = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t\u3000]*\n/)
    .map((paragraph) => paragraph.replace(/[ \t]+\n/g, "\n").trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => ({ kind: "paragraph" as const, text: paragraph }));
  return { blocks, pageCount: null };
}
