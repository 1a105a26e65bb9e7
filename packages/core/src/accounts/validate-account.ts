import { invalidField } from "../errors.js";

const LOGIN_NAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function checkLoginName(loginName: string): void {
  if (!LOGIN_NAME.test(loginName)) {
    throw invalidField("loginName", "use 2-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
}

/** Length is the one rule that matters for passphrases; composition rules only push people to worse ones. */
export function checkPassword(password: string, field = "password"): void {
  if (password.length < 8) throw invalidField(field, "must be at least 8 characters long");
  if (password.length > 256) throw invalidField(field, "must be at most 256 characters long");
}

export function checkDisplayName(displayName: string): void {
  if (displayName.trim().length === 0) throw invalidField("displayName", "must not be empty");
  if (displayName.length > 100) throw invalidField("displayName", "must be at most 100 characters long");
}
