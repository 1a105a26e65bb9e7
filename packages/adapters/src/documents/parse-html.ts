import type { ParsedBlock, ParsedDocument } from "@appstudio/core";
import { type DefaultTreeAdapterTypes, parse } from "parse5";
import { markdownTable } from "./markdown-table.js";

type Node = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

/** Elements whose content is not document text: code, styling, navigation, embedded media. */
const skipped = new Set(["script", "style", "noscript", "template", "nav", "head", "svg", "math", "iframe", "object", "embed", "canvas", "select", "button"]);

/** Elements that end the running paragraph (their content starts a new one). */
const blockLevel = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "header",
  "footer",
  "aside",
  "blockquote",
  "figure",
  "figcaption",
  "address",
  "details",
  "summary",
  "dl",
  "dt",
  "dd",
  "form",
  "fieldset",
  "center",
  "hr",
  "body",
  "html",
  "li",
  "td",
  "th",
  "tr",
  "caption",
]);

/** Lists nested deeper than this read as the text of their item (no one nests lists that far). */
const MAX_LIST_DEPTH = 32;

/**
 * Reads HTML (also what mammoth makes of a DOCX) with parse5, the parser that follows the HTML
 * standard, into blocks: `h1`-`h6` are headings, running text between block-level elements is
 * a paragraph, lists keep their items and nesting, tables become Markdown-style rows, `pre` is
 * code. Scripts, styles and navigation are dropped. Trees are walked with explicit stacks, as
 * a hostile file can nest elements deeper than the call stack goes.
 */
export function parseHtml(html: string): ParsedDocument {
  const document = parse(html);
  const titleElement = findElements(document.childNodes, (element) => element.tagName === "title")[0];
  const title = titleElement ? rawText(titleElement).replace(/\s+/g, " ").trim() : "";
  return { blocks: readBlocks(document.childNodes), pageCount: null, ...(title ? { title } : {}) };
}

function readBlocks(nodes: Node[]): ParsedBlock[] {
  const blocks: ParsedBlock[] = [];
  let inline: string[] = [];
  const flush = () => {
    const text = tidy(inline.join(""));
    inline = [];
    if (text !== "") blocks.push({ kind: "paragraph", text });
  };
  const push = (block: ParsedBlock) => {
    flush();
    if (block.text.trim() !== "") blocks.push(block);
  };
  const stack: (Node | (() => void))[] = [...nodes].reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === "function") item();
    else if (item.nodeName === "#text") inline.push(collapse((item as DefaultTreeAdapterTypes.TextNode).value));
    else if (isElement(item) && !skipped.has(item.tagName)) {
      const tag = item.tagName;
      const heading = /^h([1-6])$/.exec(tag);
      if (heading) push({ kind: "heading", level: Number(heading[1]), text: inlineText(item.childNodes) });
      else if (tag === "ul" || tag === "ol") push({ kind: "list", text: listLines(item, 0).join("\n") });
      else if (tag === "table") push({ kind: "table", text: tableText(item) });
      else if (tag === "pre") push({ kind: "code", text: rawText(item).replace(/^\n/, "").trimEnd() });
      else if (tag === "br") inline.push("\n");
      else {
        if (blockLevel.has(tag)) {
          flush();
          stack.push(flush);
        }
        for (let i = item.childNodes.length - 1; i >= 0; i--) stack.push(item.childNodes[i] as Node);
      }
    }
  }
  flush();
  return blocks;
}

/** The text of inline content on one line: block boundaries and line breaks become spaces. */
function inlineText(nodes: Node[], leaveOut: (element: Element) => boolean = () => false): string {
  const parts: string[] = [];
  const stack: (Node | string)[] = [...nodes].reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === "string") parts.push(item);
    else if (item.nodeName === "#text") parts.push((item as DefaultTreeAdapterTypes.TextNode).value);
    else if (isElement(item) && !skipped.has(item.tagName) && !leaveOut(item)) {
      const separate = blockLevel.has(item.tagName) || item.tagName === "br";
      if (separate) {
        parts.push(" ");
        stack.push(" ");
      }
      for (let i = item.childNodes.length - 1; i >= 0; i--) stack.push(item.childNodes[i] as Node);
    }
  }
  return collapse(parts.join("")).trim();
}

/** All text below an element as written (for `pre` and `title`). */
function rawText(element: Element): string {
  const parts: string[] = [];
  const stack: Node[] = [...element.childNodes].reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.nodeName === "#text") parts.push((item as DefaultTreeAdapterTypes.TextNode).value);
    else if (isElement(item)) for (let i = item.childNodes.length - 1; i >= 0; i--) stack.push(item.childNodes[i] as Node);
  }
  return parts.join("");
}

const isList = (element: Element) => element.tagName === "ul" || element.tagName === "ol";

function listLines(list: Element, depth: number): string[] {
  const lines: string[] = [];
  const nest = depth < MAX_LIST_DEPTH;
  let number = Number.parseInt(list.attrs.find((attribute) => attribute.name === "start")?.value ?? "1", 10) || 1;
  for (const item of list.childNodes) {
    if (!isElement(item) || item.tagName !== "li") continue;
    const marker = list.tagName === "ol" ? `${number++}.` : "-";
    const text = inlineText(item.childNodes, nest ? isList : undefined);
    if (text !== "") lines.push(`${"  ".repeat(depth)}${marker} ${text}`);
    if (nest) for (const sub of findElements(item.childNodes, isList)) for (const line of listLines(sub, depth + 1)) lines.push(line);
  }
  return lines;
}

function tableText(table: Element): string {
  const rows = findElements(
    table.childNodes,
    (element) => element.tagName === "tr",
    (element) => element.tagName === "table",
  );
  return markdownTable(
    rows.map((row) =>
      row.childNodes
        .filter((cell): cell is Element => isElement(cell) && (cell.tagName === "td" || cell.tagName === "th"))
        .map((cell) => inlineText(cell.childNodes)),
    ),
  );
}

/**
 * Elements matching `wanted`, in document order, without looking inside a match or inside an
 * element `stop` matches (a nested table's rows belong to that table).
 */
function findElements(nodes: Node[], wanted: (element: Element) => boolean, stop: (element: Element) => boolean = () => false): Element[] {
  const found: Element[] = [];
  const stack: Node[] = [...nodes].reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (!isElement(item)) continue;
    if (wanted(item)) found.push(item);
    else if (!stop(item)) for (let i = item.childNodes.length - 1; i >= 0; i--) stack.push(item.childNodes[i] as Node);
  }
  return found;
}

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ");
}

function tidy(text: string): string {
  return text
    .replace(/ *\n */g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
