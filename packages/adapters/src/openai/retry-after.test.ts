import { describe, expect, it } from "vitest";
import { retryAfterSeconds } from "./retry-after.js";

describe("retryAfterSeconds", () => {
  const now = Date.parse("2026-03-01T10:00:00.000Z");
  it("reads seconds, milliseconds (preferred) and HTTP dates, rounding up to at least one second", () => {
    expect(retryAfterSeconds({ "retry-after": "7" }, now)).toBe(7);
    expect(retryAfterSeconds({ "retry-after": "0.2" }, now)).toBe(1);
    expect(retryAfterSeconds({ "retry-after-ms": "2500", "retry-after": "60" }, now)).toBe(3);
    expect(retryAfterSeconds(new Headers({ "retry-after": "Sun, 01 Mar 2026 10:00:30 GMT" }), now)).toBe(30);
    expect(retryAfterSeconds({ "retry-after": ["12"] }, now)).toBe(12);
  });

  it("ignores what is missing or unusable and caps absurd waits at a day", () => {
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
    expect(retryAfterSeconds({}, now)).toBeUndefined();
    expect(retryAfterSeconds({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterSeconds({ "retry-after": "-5" }, now)).toBeUndefined();
    expect(retryAfterSeconds({ "retry-after": "99999999999" }, now)).toBe(86_400);
    expect(retryAfterSeconds({ "retry-after": "Sun, 01 Mar 2026 09:00:00 GMT" }, now)).toBe(1);
  });
});
