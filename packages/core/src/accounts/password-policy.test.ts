import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { passwordProblem } from "./password-policy.js";
import { checkPassword } from "./validate-account.js";

const problem = (password: string, loginName = "alice") => passwordProblem(password, loginName);

describe("password rules (NIST SP 800-63B)", () => {
  it("accepts long passphrases in any script, with spaces and symbols, without composition rules", () => {
    for (const ok of [
      "correct horse battery staple",
      "alice-password-1",
      "всё-хорошо-пароль",
      "パスワードは長いほど良い",
      "🦊🦊🐇🐇🦔🦔🐢🐢",
      "  padded but fine  ",
    ]) {
      expect(problem(ok), ok).toBeNull();
    }
  });

  it("counts characters, not UTF-16 units: eight emoji are long enough, seven are not", () => {
    expect(problem("🦊🐇🦔🐢🦉🐝🐞🦋")).toBeNull();
    expect(problem("🦊🐇🦔🐢🦉🐝🐞")).toBe("must be at least 8 characters long");
  });

  it("refuses passwords shorter than 8 or longer than 256 characters", () => {
    expect(problem("Ab3$x9!")).toBe("must be at least 8 characters long");
    expect(problem("x".repeat(256).replace(/x$/, "y"))).toBeNull();
    expect(problem("xy".repeat(129))).toBe("must be at most 256 characters long");
  });

  it("refuses a password of whitespace only", () => {
    expect(problem("          ")).toBe("must not be only spaces");
    expect(problem("\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000")).toBe("must not be only spaces");
  });

  it("refuses control characters (tab, line break, NUL, DEL, C1) and lone surrogates", () => {
    for (const bad of ["tab\there-long", "line\nbreak-long", "nul\u0000byte-long", "del\u007fchar-long", "c1\u0085char-long"]) {
      expect(problem(bad), JSON.stringify(bad)).toBe("must not contain control characters such as tabs or line breaks");
    }
    expect(problem("lone-\ud800-surrogate")).toBe("must be valid Unicode text");
  });

  it("refuses one character repeated", () => {
    expect(problem("zzzzzzzzzzzz")).toBe("must not repeat one character");
  });

  it("refuses the login name itself, in any case, and the service's name", () => {
    expect(problem("alice.smith", "alice.smith")).toBe("must not be the same as the login name");
    expect(problem("Alice.Smith ", "alice.smith")).toBe("must not be the same as the login name");
    expect(problem("AppStudio")).toBe("must not be the name of this service");
  });

  it("refuses the common passwords of breach lists, whatever their case or surrounding spaces", () => {
    for (const common of ["password", "12345678", "qwerty123", "iloveyou", "Password1", " letmein1 ", "PASSW0RD", "administrator", "changeme"]) {
      expect(problem(common), common).toMatch(/^is one of the most common passwords/);
    }
  });

  it("checkPassword throws 400 InvalidParameter naming the field", () => {
    expect(() => checkPassword("password1", "bob", "newPassword")).toThrow(AppError);
    try {
      checkPassword("password1", "bob", "newPassword");
    } catch (e) {
      expect((e as AppError).code).toBe("InvalidParameter");
      expect((e as AppError).message).toMatch(/^newPassword: is one of the most common passwords/);
      expect((e as AppError).details).toEqual({ fields: [{ field: "newPassword", message: expect.stringMatching(/most common/) }] });
    }
  });
});
