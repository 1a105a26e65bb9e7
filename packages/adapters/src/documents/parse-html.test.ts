import { describe, expect, it } from "vitest";
import { parseHtml } from "./parse-html.js";

describe("parseHtml", () => {
  it("keeps the text structure and drops scripts, styles and navigation", () => {
    const html = `<!doctype html><html><head><title> Help  centre </title><style>p { color: red }</style></head>
      <body>
        <nav><a href="/">Home</a> | <a href="/help">Help</a></nav>
        <h1>Returns</h1>
        <p>Items can be returned <b>within 30 days</b> &amp; refunded.<br>Keep the receipt.</p>
        <div>Loose text <p>inside</p> and after</div>
        <ul><li>Unused<ul><li>with tags</li></ul></li><li>Boxed</li></ul>
        <ol start="2"><li>Second</li><li>Third</li></ol>
        <table><thead><tr><th>Item</th><th>Days</th></tr></thead><tbody><tr><td>Shoes</td><td>30</td></tr><tr><td>A|B</td><td></td></tr></tbody></table>
        <h2>退货</h2><p>中文段落。第二句！</p>
        <pre>  line one
  line two</pre>
        <script>track("visit")</script>
      </body></html>`;
    expect(parseHtml(html)).toEqual({
      title: "Help centre",
      pageCount: null,
      blocks: [
        { kind: "heading", level: 1, text: "Returns" },
        { kind: "paragraph", text: "Items can be returned within 30 days & refunded.\nKeep the receipt." },
        { kind: "paragraph", text: "Loose text" },
        { kind: "paragraph", text: "inside" },
        { kind: "paragraph", text: "and after" },
        { kind: "list", text: "- Unused\n  - with tags\n- Boxed" },
        { kind: "list", text: "2. Second\n3. Third" },
        { kind: "table", text: "| Item | Days |\n| --- | --- |\n| Shoes | 30 |\n| A\\|B |  |" },
        { kind: "heading", level: 2, text: "退货" },
        { kind: "paragraph", text: "中文段落。第二句！" },
        { kind: "code", text: "  line one\n  line two" },
      ],
    });
  });

  it("reads elements nested far deeper than the call stack goes", () => {
    const html = `${"<div>".repeat(100_000)}deep${"</div>".repeat(100_000)}${"<ul><li>item".repeat(100)}`;
    const { blocks } = parseHtml(html);
    expect(blocks[0]).toEqual({ kind: "paragraph", text: "deep" });
    // Lists past 32 levels read as the text of their item.
    const lines = blocks[1]?.text.split("\n") ?? [];
    expect(lines).toHaveLength(33);
    expect(lines.at(-1)).toBe(
      `${"  ".repeat(32)}- ${Array(100 - 32)
        .fill("item")
        .join(" ")}`,
    );
  });
});
