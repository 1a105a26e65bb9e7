import { invalidField } from "../errors.js";
import { passwordProblem } from "./password-policy.js";

const LOGIN_NAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function checkLoginName(loginName: string): void {
  if (!LOGIN_NAME.test(loginName)) {
    throw invalidField("loginName", "use 2-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
}

/**
 * Every place that sets a password calls this (see password-policy.ts for the rules).
 * `loginName` is the account the password is for; `field` names the input in the error.
 */
export function checkPassword(password: string, loginName: string, field = "password"): void {
  const problem = passwordProblem(password, loginName);
  if (problem) throw invalidField(field, problem);
}

export function checkDisplayName(displayName: string): void {
  if (displayName.trim().length === 0) throw invalidField("displayName", "must not be empty");
  if (displayName.length > 100) throw invalidField("displayName", "must be at most 100 characters long");
}
