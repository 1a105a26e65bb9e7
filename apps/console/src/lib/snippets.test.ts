import { describe, expect, it } from "vitest";
import { curlSnippet, nodeSnippet, pythonSnippet } from "./snippets";

const workspace = {
  id: "ws-abcdefgh12345678",
  isDefault: false,
  endpoints: { sharedBaseUrl: "https://api.example.com/api/v1", dedicatedBaseUrl: "https://ws-abcdefgh12345678.eu.example.com/api/v1" },
};
const appId = "0123456789abcdef0123456789abcdef";

describe("API call snippets", () => {
  it("curl targets the dedicated base URL and names both IDs", () => {
    const code = curlSnippet({ appId, workspace });
    expect(code).toContain(`'https://ws-abcdefgh12345678.eu.example.com/api/v1/apps/${appId}/completion'`);
    expect(code).toContain("Authorization: Bearer $DASHSCOPE_API_KEY");
    expect(code).toContain("X-DashScope-WorkSpace: ws-abcdefgh12345678");
  });

  it("the Python SDK snippet sets base_http_api_url and calls Application.call", () => {
    const code = pythonSnippet({ appId, workspace, variables: ["city"] });
    expect(code).toContain("dashscope.base_http_api_url = 'https://ws-abcdefgh12345678.eu.example.com/api/v1'");
    expect(code).toContain(`app_id='${appId}'`);
    expect(code).toContain('biz_params={"user_prompt_params":{"city":"<city>"}}');
  });

  it("the Node snippet is plain fetch", () => {
    const code = nodeSnippet({ appId, workspace, prompt: "it's" });
    expect(code).toContain("const baseUrl = 'https://ws-abcdefgh12345678.eu.example.com/api/v1';");
    expect(code).toContain(`"prompt":"it's"`);
  });

  it("escapes single quotes for the shell", () => {
    expect(curlSnippet({ appId, workspace, prompt: "it's" })).toContain(`it'\\''s`);
  });
});
