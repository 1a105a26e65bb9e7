import { describe, expect, it } from "vitest";
import { parseTracingSetting } from "./tracing-setting.js";

describe("parseTracingSetting", () => {
  const parse = (env: Record<string, string>) => {
    const problems: string[] = [];
    return { setting: parseTracingSetting(env, problems), problems };
  };

  it("is off without an OTLP endpoint, or when switched off", () => {
    expect(parse({}).setting).toBeUndefined();
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }).setting).toBeUndefined();
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_TRACES_EXPORTER: "none" }).setting).toBeUndefined();
  });

  it("sends to <endpoint>/v1/traces, or to the traces endpoint as given", () => {
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).setting).toEqual({
      endpoint: "http://collector:4318/v1/traces",
      serviceName: "appstudio",
      scheduledDelayMs: 5000,
    });
    const both = parse({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example/otlp",
      OTEL_SERVICE_NAME: "appstudio-eu",
      OTEL_EXPORTER_OTLP_HEADERS: "api-key=a%20b,tenant=t1",
      OTEL_BSP_SCHEDULE_DELAY: "200",
    });
    expect(both.setting).toEqual({
      endpoint: "https://traces.example/otlp",
      serviceName: "appstudio-eu",
      headers: { "api-key": "a b", tenant: "t1" },
      scheduledDelayMs: 200,
    });
  });

  it("reports a malformed endpoint or delay as a configuration problem", () => {
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }).problems[0]).toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_BSP_SCHEDULE_DELAY: "soon" }).problems[0]).toContain("OTEL_BSP_SCHEDULE_DELAY");
  });
});
