import { describe, expect, it } from "vitest";
import type { HttpTool } from "../apps/app-types.js";
import type { ToolHttpRequest } from "../ports/tool-http-client.js";
import { executeTool } from "./execute-tool.js";

const tool: HttpTool = {
  name: "lookup",
  description: "",
  parameters: { type: "object" },
  method: "POST",
  url: "http://127.0.0.1:9/lookup",
  headers: {},
  timeoutMs: 1000,
};

describe("executeTool", () => {
  it("refuses model arguments nested past the JSON depth limit without calling the tool", async () => {
    const sent: ToolHttpRequest[] = [];
    const client = {
      request: async (req: ToolHttpRequest) => {
        sent.push(req);
        return { status: 200, body: "ok" };
      },
    };
    const deep = `{"q":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const refused = await executeTool(tool, deep, undefined, client, new AbortController().signal);
    expect(refused).toEqual({ input: {}, observation: "Error: tool arguments may nest at most 64 levels deep.", ok: false });
    expect(sent).toEqual([]);
    const fine = await executeTool(tool, '{"q":[[1]]}', undefined, client, new AbortController().signal);
    expect(fine).toMatchObject({ ok: true, input: { q: [[1]] } });
    expect(sent).toHaveLength(1);
  });
});
