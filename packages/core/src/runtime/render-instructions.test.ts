// biome-ignore-all lint/suspicious/noTemplateCurlyInString: agent instructions use ${name} variables
import { describe, expect, it } from "vitest";
import { instructionVariables, renderInstructions } from "./render-instructions.js";

describe("renderInstructions", () => {
  it("fills variables from user_prompt_params", () => {
    expect(renderInstructions("Hi ${user_name}, be ${tone}.", { user_name: "Alice", tone: "friendly" })).toBe("Hi Alice, be friendly.");
  });

  it("replaces unknown variables with nothing rather than showing the placeholder to the model", () => {
    expect(renderInstructions("Hi ${user_name}!", undefined)).toBe("Hi !");
    expect(renderInstructions("Hi ${user_name}!", { other: 1 })).toBe("Hi !");
  });

  it("stringifies numbers, booleans and objects", () => {
    expect(renderInstructions("${n} ${b} ${o}", { n: 3, b: false, o: { a: 1 } })).toBe('3 false {"a":1}');
  });

  it("leaves non-identifier placeholders such as code samples alone", () => {
    expect(renderInstructions("use `${a + b}` and ${obj.x}", { a: 1 })).toBe("use `${a + b}` and ${obj.x}");
  });

  it("lists the variables in order of first use", () => {
    expect(instructionVariables("${b} ${a} ${b} ${not valid}")).toEqual(["b", "a"]);
  });
});
