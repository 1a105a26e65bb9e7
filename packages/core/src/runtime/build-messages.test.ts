import { describe, expect, it } from "vitest";
import { isAppError } from "../errors.js";
import { buildMessages, type ConversationMessage, lastRounds, splitCallerMessages } from "./build-messages.js";

const history: ConversationMessage[] = [
  { role: "user", content: "u1" },
  { role: "assistant", content: "a1" },
  { role: "user", content: "u2" },
  { role: "assistant", content: "a2" },
  { role: "user", content: "u3" },
  { role: "assistant", content: "a3" },
];

describe("lastRounds", () => {
  it("keeps the last N user/assistant rounds", () => {
    expect(lastRounds(history, 2).map((m) => m.content)).toEqual(["u2", "a2", "u3", "a3"]);
  });
  it("keeps nothing for 0 rounds and everything when there are fewer rounds", () => {
    expect(lastRounds(history, 0)).toEqual([]);
    expect(lastRounds(history, 10)).toHaveLength(6);
  });
  it("never starts with a dangling assistant reply", () => {
    expect(lastRounds([{ role: "assistant", content: "x" }, ...history.slice(0, 2)], 5).map((m) => m.content)).toEqual(["u1", "a1"]);
  });
});

describe("buildMessages", () => {
  it("puts instructions, caller system messages, trimmed history and the prompt in order", () => {
    const messages = buildMessages({
      instructions: "Be brief.",
      history: [{ role: "system", content: "caller system" }, ...history],
      prompt: "now",
      dialogRounds: 1,
    });
    expect(messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "system", content: "caller system" },
      { role: "user", content: "u3" },
      { role: "assistant", content: "a3" },
      { role: "user", content: "now" },
    ]);
  });

  it("sends image_list as image parts of the new user message and skips blank instructions", () => {
    const messages = buildMessages({ instructions: " ", history: [], prompt: "what is this?", imageList: ["https://x/y.png"], dialogRounds: 3 });
    expect(messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "what is this?" },
          { type: "image_url", imageUrl: "https://x/y.png" },
        ],
      },
    ]);
  });
});

describe("splitCallerMessages", () => {
  it("appends the prompt as the last user message", () => {
    expect(splitCallerMessages(history, "next")).toEqual({ history, prompt: "next" });
  });
  it("takes the last user message as the prompt when there is no prompt", () => {
    expect(splitCallerMessages(history.slice(0, 3), undefined)).toEqual({ history: history.slice(0, 2), prompt: "u2" });
  });
  it("refuses a conversation that does not end with the user", () => {
    try {
      splitCallerMessages(history, undefined);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe("InvalidParameter");
    }
  });
});
