import { AppError, type ChunkDraft } from "@appstudio/core";
import { serveSplitRequests } from "../serve-split-requests.js";

/**
 * A worker entry for tests whose "parser" does what the file says: `hang`, `oom`, `crash`,
 * `bad` (a user-facing error), `bug` (an unexpected one); anything else becomes one chunk per line.
 */
serveSplitRequests(
  {
    detectFormat: () => "text",
    async parse(content) {
      const text = new TextDecoder().decode(content);
      if (text === "hang") for (;;);
      if (text === "oom") {
        const hoard: number[][] = [];
        for (;;) hoard.push(new Array(100_000).fill(hoard.length));
      }
      if (text === "crash") setImmediate(() => process.exit(3));
      if (text === "crash") await new Promise(() => {});
      if (text === "bad") throw new AppError("InvalidParameter", "The file is not a valid document.");
      if (text === "bug") throw new TypeError("x is not a function");
      return { blocks: text.split("\n").map((line) => ({ kind: "paragraph" as const, text: line })), pageCount: null };
    },
  },
  {
    countTokens: (text) => text.length,
    chunk: (doc): ChunkDraft[] => doc.blocks.map((b, seq) => ({ seq, text: b.text, headingPath: [], page: null, tokenCount: b.text.length })),
  },
);
