import { describe, expect, it } from "vitest";
import { urlParts } from "./id-value";

describe("urlParts (where a URL may wrap)", () => {
  it("keeps host, port and each path segment whole", () => {
    expect(urlParts("http://ws-abc.localhost:18200/api/v1")).toEqual(["http://ws-abc.localhost", ":18200", "/api", "/v1"]);
    expect(urlParts("https://dashscope.aliyuncs.com/compatible-mode/v1")).toEqual(["https://dashscope.aliyuncs.com", "/compatible-mode", "/v1"]);
    expect(urlParts("http://127.0.0.1:9")).toEqual(["http://127.0.0.1", ":9"]);
  });

  it("leaves anything else in one piece", () => {
    expect(urlParts("ws-abcdefghijklmnop")).toEqual(["ws-abcdefghijklmnop"]);
  });
});
