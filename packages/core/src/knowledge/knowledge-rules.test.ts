import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { checkFileName, checkMetadata, checkTags, formatBytes, resolveChunking } from "./knowledge-rules.js";

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    if (e instanceof AppError) return (e.details?.fields as { field: string }[] | undefined)?.[0]?.field ?? e.code;
    throw e;
  }
  return undefined;
};

describe("knowledge input rules", () => {
  it("fills chunking defaults, shrinks only the default overlap, and refuses out-of-range settings", () => {
    expect(resolveChunking(undefined)).toEqual({ chunkTokens: 500, overlapTokens: 50 });
    expect(resolveChunking({ chunkTokens: 60 })).toEqual({ chunkTokens: 60, overlapTokens: 30 });
    expect(resolveChunking({ chunkTokens: 800 }, { chunkTokens: 500, overlapTokens: 100 })).toEqual({ chunkTokens: 800, overlapTokens: 100 });
    // A chosen overlap is never changed silently: too big for the new size is an error.
    expect(fieldOf(() => resolveChunking({ chunkTokens: 100 }, { chunkTokens: 500, overlapTokens: 100 }))).toBe("chunking.overlapTokens");
    for (const chunkTokens of [49, 4001, 10.5]) expect(fieldOf(() => resolveChunking({ chunkTokens }))).toBe("chunking.chunkTokens");
    expect(fieldOf(() => resolveChunking({ overlapTokens: -1 }))).toBe("chunking.overlapTokens");
    expect(resolveChunking({ chunkTokens: 4000, overlapTokens: 2000 })).toEqual({ chunkTokens: 4000, overlapTokens: 2000 });
  });

  it("trims and de-duplicates tags within the limits", () => {
    expect(checkTags([" hr ", "hr", "policy"])).toEqual(["hr", "policy"]);
    expect(fieldOf(() => checkTags([" "]))).toBe("tags");
    expect(fieldOf(() => checkTags(["x".repeat(65)]))).toBe("tags");
    expect(fieldOf(() => checkTags(Array.from({ length: 21 }, (_, i) => `t${i}`)))).toBe("tags");
    expect(fieldOf(() => checkTags(["a\u0000b"]))).toBe("tags");
    expect(checkTags(Array.from({ length: 20 }, (_, i) => `t${i}`))).toHaveLength(20);
  });

  it("takes flat metadata of strings, finite numbers and booleans only", () => {
    expect(checkMetadata({ year: 2026, lang: "en", public: true })).toEqual({ year: 2026, lang: "en", public: true });
    expect(fieldOf(() => checkMetadata({ nested: { a: 1 } }))).toBe("metadata.nested");
    expect(fieldOf(() => checkMetadata({ list: [1] }))).toBe("metadata.list");
    expect(fieldOf(() => checkMetadata({ n: Number.NaN }))).toBe("metadata.n");
    expect(fieldOf(() => checkMetadata({ v: null }))).toBe("metadata.v");
    expect(fieldOf(() => checkMetadata([1]))).toBe("metadata");
    expect(fieldOf(() => checkMetadata(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]))))).toBe("metadata");
    expect(fieldOf(() => checkMetadata({ "": 1 }))).toBe("metadata");
    expect(fieldOf(() => checkMetadata({ long: "x".repeat(1001) }))).toBe("metadata.long");
  });

  it("keeps only the last segment of a file name and refuses control characters", () => {
    expect(checkFileName("../../etc/passwd.txt")).toBe("passwd.txt");
    expect(checkFileName("C:\\Users\\me\\guide.pdf")).toBe("guide.pdf");
    expect(checkFileName("Guide (v2) ünïcode.md")).toBe("Guide (v2) ünïcode.md");
    expect(fieldOf(() => checkFileName("dir/"))).toBe("file");
    expect(fieldOf(() => checkFileName("a\nb.txt"))).toBe("file");
    expect(fieldOf(() => checkFileName(`${"x".repeat(252)}.txt`))).toBe("file");
  });

  it("names sizes for messages", () => {
    expect(formatBytes(50 * 1024 * 1024)).toBe("50 MiB");
    expect(formatBytes(4096)).toBe("4 KiB");
    expect(formatBytes(1000)).toBe("1000 bytes");
  });
});
