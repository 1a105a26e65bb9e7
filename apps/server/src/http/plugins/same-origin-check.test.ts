import type { FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { allowedOriginSet, assertSameOrigin } from "./same-origin-check.js";

const request = (host: string, headers: Record<string, string>, method = "POST") => ({ method, host, headers }) as unknown as FastifyRequest;
const allowed = allowedOriginSet(["https://studio.example.com/", "not a url"]);
const passes = (host: string, headers: Record<string, string>, method?: string) => {
  try {
    assertSameOrigin(request(host, headers, method), allowed);
    return true;
  } catch (e) {
    expect((e as { code: string }).code).toBe("Forbidden.CrossOrigin");
    return false;
  }
};

describe("assertSameOrigin", () => {
  it("compares the Origin's host and port with Host, whatever the case, trailing dot or default port", () => {
    expect(passes("console.example.com", { origin: "https://console.example.com" })).toBe(true);
    expect(passes("Console.Example.COM.:443", { origin: "https://console.example.com" })).toBe(true);
    expect(passes("console.example.com:80", { origin: "http://console.example.com" })).toBe(true);
    expect(passes("[::1]:8080", { origin: "http://[::1]:8080" })).toBe(true);
    expect(passes("console.example.com:8443", { origin: "https://console.example.com" })).toBe(false);
    expect(passes("console.example.com", { origin: "https://evil.console.example.com" })).toBe(false);
    expect(passes("console.example.com", { origin: "https://console.example.com.evil.example" })).toBe(false);
    expect(passes("not a host!", { origin: "https://console.example.com" })).toBe(false);
  });

  it("accepts configured origins (a proxy that rewrites Host), and only those", () => {
    expect(passes("10.0.0.5:8080", { origin: "https://studio.example.com" })).toBe(true);
    expect(passes("10.0.0.5:8080", { origin: "http://studio.example.com" })).toBe(false);
    // Sec-Fetch-Site same-site passes only from a configured origin.
    expect(passes("10.0.0.5:8080", { "sec-fetch-site": "same-site", origin: "https://studio.example.com" })).toBe(true);
    expect(passes("10.0.0.5:8080", { "sec-fetch-site": "same-site", origin: "https://other.example.com" })).toBe(false);
  });

  it("trusts the browser's Sec-Fetch-Site first, then Origin, then Referer; nothing at all is no browser", () => {
    expect(passes("a.example", { "sec-fetch-site": "same-origin" })).toBe(true);
    expect(passes("a.example", { "sec-fetch-site": "none" })).toBe(true);
    expect(passes("a.example", { "sec-fetch-site": "cross-site" })).toBe(false);
    expect(passes("a.example", { referer: "https://a.example/apps?x=1" })).toBe(true);
    expect(passes("a.example", { referer: "https://b.example/" })).toBe(false);
    expect(passes("a.example", { origin: "https://b.example", referer: "https://a.example/" })).toBe(false);
    expect(passes("a.example", { origin: "null" })).toBe(false);
    expect(passes("a.example", {})).toBe(true);
  });

  it("never checks reads", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(passes("a.example", { origin: "https://evil.example" }, method)).toBe(true);
  });
});
