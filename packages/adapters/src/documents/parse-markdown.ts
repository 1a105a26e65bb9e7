import type { ParsedBlock, ParsedDocument } from "@appstudio/core";
import { marked, type Token, type Tokens } from "marked";
import { markdownTable } from "./markdown-table.js";
import { parseHtml } from "./parse-html.js";

/**
 * Reads Markdown with marked's lexer (CommonMark + GFM tables) into blocks. Inline markup is
 * reduced to its text (a link keeps its address in parentheses), raw HTML goes through the HTML
 * reader, and a leading YAML front matter block is dropped, its `title:` kept as the title.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const { body, title } = splitFrontMatter(source.replace(/\r\n?/g, "\n"));
  const blocks: ParsedBlock[] = [];
  readBlocks(marked.lexer(body), blocks);
  return { blocks: blocks.filter((block) => block.text.trim() !== ""), pageCount: null, ...(title ? { title } : {}) };
}

function readBlocks(tokens: Token[], blocks: ParsedBlock[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case "heading":
        blocks.push({ kind: "heading", level: (token as Tokens.Heading).depth, text: inline(token) });
        break;
      case "paragraph":
      case "text":
        blocks.push({ kind: "paragraph", text: inline(token) });
        break;
      case "code":
        blocks.push({ kind: "code", text: (token as Tokens.Code).text });
        break;
      case "list":
        blocks.push({ kind: "list", text: listLines(token as Tokens.List, 0).join("\n") });
        break;
      case "table": {
        const table = token as Tokens.Table;
        blocks.push({ kind: "table", text: markdownTable([table.header, ...table.rows].map((row) => row.map((cell) => inline(cell)))) });
        break;
      }
      case "blockquote":
        readBlocks((token as Tokens.Blockquote).tokens, blocks);
        break;
      case "html":
        for (const block of parseHtml((token as Tokens.HTML).text).blocks) blocks.push(block);
        break;
      default:
        break; // space, hr, link definitions: no text
    }
  }
}

function listLines(list: Tokens.List, depth: number): string[] {
  const lines: string[] = [];
  let number = typeof list.start === "number" ? list.start : 1;
  for (const item of list.items) {
    const marker = list.ordered ? `${number++}.` : "-";
    const check = item.task ? (item.checked ? "[x] " : "[ ] ") : "";
    const own = item.tokens.filter((token) => token.type !== "list" && token.type !== "checkbox");
    const text = own
      .map((token) => ("tokens" in token || "text" in token ? inline(token) : ""))
      .join(" ")
      .trim();
    if (text !== "" || check !== "") lines.push(`${"  ".repeat(depth)}${marker} ${check}${text}`.trimEnd());
    for (const nested of item.tokens) if (nested.type === "list") for (const line of listLines(nested as Tokens.List, depth + 1)) lines.push(line);
  }
  return lines;
}

/** The plain text of a token's inline content. */
function inline(token: { text?: string; tokens?: Token[] }): string {
  if (!token.tokens) return token.text ?? "";
  return token.tokens.map(inlinePart).join("");
}

function inlinePart(token: Token): string {
  switch (token.type) {
    case "link": {
      const { href } = token as Tokens.Link;
      const text = inline(token);
      return /^https?:\/\//i.test(href) && href !== text ? `${text} (${href})` : text;
    }
    case "image":
      return (token as Tokens.Image).text;
    case "br":
      return "\n";
    case "html":
      return (token as Tokens.HTML).text.replace(/<[^>]*>/g, "");
    case "codespan":
    case "escape":
      return (token as Tokens.Codespan).text;
    default:
      return inline(token as { text?: string; tokens?: Token[] });
  }
}

function splitFrontMatter(source: string): { body: string; title?: string } {
  const match = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/.exec(source);
  if (!match) return { body: source };
  const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(match[1] ?? "")?.[1];
  return { body: source.slice(match[0].length), ...(title ? { title } : {}) };
}
