import { type AgentConfig, defaultAgentConfig } from "@appstudio/core";
import { describe, expect, it } from "vitest";
import { agentSettingsOf, applicationConfigOf, publishedAgentOf, withAgentSettings } from "./agent-config-mapping.js";

const base: AgentConfig = defaultAgentConfig("qwen-plus");

describe("agentSettingsOf", () => {
  it("maps parameters, knowledge and memory", () => {
    const settings = agentSettingsOf({
      parameters: { temperature: 0.3, maxTokens: 800, dialogRound: 5, enable_thinking: true },
      ragConfig: {
        enableSearch: true,
        knowledgeBaseCodeList: ["kb00000001"],
        topK: 4,
        enableCitation: true,
        retrieveMaxLength: 2000,
        fixedReplyDetail: "No idea.",
      },
      longTermMemory: { enable: true },
      tools: [{ type: "plugin" }],
    });
    expect(settings).toEqual({
      temperature: 0.3,
      maxTokens: 800,
      dialogRounds: 5,
      enableThinking: true,
      longTermMemory: { enabled: true },
      knowledge: { knowledgeBaseIds: ["kb00000001"], topK: 4, showSources: true, maxContextChars: 2000, noMatch: { mode: "fixed", reply: "No idea." } },
    });
  });

  it("reads nothing from an absent or empty configuration", () => {
    expect(agentSettingsOf(undefined)).toEqual({});
    expect(agentSettingsOf({})).toEqual({});
  });

  it("switches knowledge off with enableSearch false or an empty list", () => {
    const current = { knowledgeBaseIds: ["kb00000001"] };
    expect(agentSettingsOf({ ragConfig: { enableSearch: false } }, current)).toEqual({ knowledge: null });
    expect(agentSettingsOf({ ragConfig: { knowledgeBaseCodeList: [] } }, current)).toEqual({ knowledge: null });
  });

  it("merges a partial ragConfig onto the current knowledge settings", () => {
    const current = { knowledgeBaseIds: ["kb00000001"], topK: 3, showSources: true };
    expect(agentSettingsOf({ ragConfig: { topK: 8 } }, current)).toEqual({ knowledge: { knowledgeBaseIds: ["kb00000001"], topK: 8, showSources: true } });
  });

  it("refuses enableSearch without a knowledge base", () => {
    expect(() => agentSettingsOf({ ragConfig: { enableSearch: true } })).toThrow(/knowledgeBaseCodeList/);
  });

  it.each([
    [[], "applicationConfig: must be a JSON object"],
    ["text", "applicationConfig: must be a JSON object"],
    [{ parameters: 3 }, "applicationConfig.parameters: must be a JSON object"],
    [{ parameters: { temperature: "hot" } }, "applicationConfig.parameters.temperature: must be a number"],
    [{ parameters: { enable_thinking: "yes" } }, "applicationConfig.parameters.enable_thinking: must be true or false"],
    [{ ragConfig: { knowledgeBaseCodeList: [1] } }, "applicationConfig.ragConfig.knowledgeBaseCodeList: must be a list of strings"],
    [{ longTermMemory: { enable: 1 } }, "applicationConfig.longTermMemory.enable: must be true or false"],
  ])("refuses %j with a field-level InvalidParameter", (input, message) => {
    expect(() => agentSettingsOf(input)).toThrow(expect.objectContaining({ code: "InvalidParameter", message }));
  });
});

describe("withAgentSettings", () => {
  it("keeps what the settings leave out and removes switched-off knowledge", () => {
    const current: AgentConfig = { ...base, temperature: 1, knowledge: { knowledgeBaseIds: ["kb00000001"] } };
    expect(withAgentSettings(current, { maxTokens: 100, knowledge: null })).toEqual({ ...base, temperature: 1, maxTokens: 100 });
    expect(withAgentSettings(current, {})).toEqual(current);
  });
});

describe("applicationConfigOf / publishedAgentOf", () => {
  it("round-trips through agentSettingsOf", () => {
    const config: AgentConfig = {
      ...base,
      temperature: 0.5,
      maxTokens: 300,
      enableThinking: false,
      longTermMemory: { enabled: true },
      knowledge: { knowledgeBaseIds: ["kb00000001"], topK: 2, showSources: true, maxContextChars: 900, noMatch: { mode: "fixed", reply: "-" } },
    };
    const view = applicationConfigOf(config);
    expect(view.ragConfig).toEqual({
      enableSearch: true,
      knowledgeBaseCodeList: ["kb00000001"],
      topK: 2,
      enableCitation: true,
      retrieveMaxLength: 900,
      fixedReplyDetail: "-",
    });
    expect(withAgentSettings(base, agentSettingsOf(view))).toEqual(config);
  });

  it("shows an agent without knowledge as search off", () => {
    expect(applicationConfigOf(base)).toEqual({
      parameters: { dialogRound: 3 },
      ragConfig: { enableSearch: false, knowledgeBaseCodeList: [] },
      longTermMemory: { enable: false },
      tools: [],
      workFlows: [],
    });
  });

  it("names the agent by its App ID", () => {
    const agent = publishedAgentOf({ id: "a".repeat(32), name: "helper" }, base);
    expect(agent).toMatchObject({ code: "a".repeat(32), name: "helper", modelId: "qwen-plus", instructions: base.instructions });
  });
});
