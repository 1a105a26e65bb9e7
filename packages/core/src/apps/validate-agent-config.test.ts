import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import type { AgentConfig, HttpTool } from "./app-types.js";
import { agentConfigProblems, throwIfProblems } from "./validate-agent-config.js";

const tool = (over: Partial<HttpTool> = {}): HttpTool => ({
  name: "weather",
  description: "Current weather",
  parameters: { type: "object", properties: { city: { type: "string" } } },
  method: "GET",
  url: "https://api.example.com/weather",
  headers: {},
  timeoutMs: 5000,
  ...over,
});
const config = (over: Partial<AgentConfig> = {}): AgentConfig => ({ model: "qwen-plus", instructions: "Be brief.", dialogRounds: 3, tools: [], ...over });
const fields = (c: AgentConfig, strict = false) => agentConfigProblems(c, strict).map((p) => p.field);

describe("agentConfigProblems", () => {
  it("checks knowledge settings; a fixed no-match reply is required only when publishing", () => {
    const knowledge = (k: Partial<NonNullable<AgentConfig["knowledge"]>>) => config({ knowledge: { knowledgeBaseIds: ["kbaaaaaaaa"], ...k } });
    expect(fields(knowledge({ topK: 20, maxContextChars: 500, scoreThreshold: 1, showSources: true }), true)).toEqual([]);
    expect(fields(knowledge({ topK: 0, maxContextChars: 100, scoreThreshold: 1.5, knowledgeBaseIds: ["a", "a"] }))).toEqual([
      "config.knowledge.knowledgeBaseIds",
      "config.knowledge.topK",
      "config.knowledge.maxContextChars",
      "config.knowledge.scoreThreshold",
    ]);
    expect(fields(knowledge({ noMatch: { mode: "fixed" } }))).toEqual([]);
    expect(fields(knowledge({ noMatch: { mode: "fixed", reply: " " } }), true)).toEqual(["config.knowledge.noMatch.reply"]);
  });

  it("accepts a sensible configuration with tools and every sampling parameter at its bounds", () => {
    const c = config({
      temperature: 0,
      topP: 1,
      topK: 0,
      maxTokens: 1,
      seed: -5,
      enableThinking: true,
      dialogRounds: 50,
      tools: [tool(), tool({ name: "b-2_x", method: "POST", url: "http://localhost:9/x", timeoutMs: 100 })],
    });
    expect(agentConfigProblems(c, true)).toEqual([]);
  });

  it("allows an empty model in a draft but not when publishing", () => {
    expect(fields(config({ model: " " }))).toEqual([]);
    expect(fields(config({ model: " " }), true)).toEqual(["config.model"]);
  });

  it.each<[Partial<AgentConfig>, string]>([
    [{ temperature: 2 }, "config.temperature"],
    [{ temperature: -0.1 }, "config.temperature"],
    [{ topP: 0 }, "config.topP"],
    [{ topP: 1.01 }, "config.topP"],
    [{ topK: -1 }, "config.topK"],
    [{ topK: 1.5 }, "config.topK"],
    [{ maxTokens: 0 }, "config.maxTokens"],
    [{ dialogRounds: 51 }, "config.dialogRounds"],
    [{ dialogRounds: -1 }, "config.dialogRounds"],
    [{ dialogRounds: 2.5 }, "config.dialogRounds"],
    [{ temperature: Number.NaN }, "config.temperature"],
  ])("refuses %j", (over, field) => {
    expect(fields(config(over))).toEqual([field]);
  });

  it("checks every tool: name, uniqueness, URL, scheme, parameters and timeout", () => {
    const c = config({
      tools: [
        tool({ name: "has space" }),
        tool({ name: "dup" }),
        tool({ name: "dup" }),
        tool({ name: "rel", url: "/relative" }),
        tool({ name: "ftp", url: "ftp://example.com/x" }),
        tool({ name: "arr", parameters: { type: "array" } }),
        tool({ name: "slow", timeoutMs: 120_001 }),
      ],
    });
    expect(fields(c)).toEqual([
      "config.tools[0].name",
      "config.tools[2].name",
      "config.tools[3].url",
      "config.tools[4].url",
      "config.tools[5].parameters",
      "config.tools[6].timeoutMs",
    ]);
  });

  it("reports all problems at once, and throwIfProblems turns them into one InvalidParameter error", () => {
    const problems = agentConfigProblems(config({ temperature: 5, topP: 0, model: "" }), true);
    expect(problems).toHaveLength(3);
    let thrown: unknown;
    try {
      throwIfProblems(problems);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("InvalidParameter");
    expect((thrown as AppError).details).toEqual({ fields: problems });
    expect((thrown as AppError).message).toContain("config.temperature");
    expect(() => throwIfProblems([])).not.toThrow();
  });
});
