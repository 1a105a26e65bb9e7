import { randomBytes } from "node:crypto";
import type { CoreDeps } from "../context.js";
import { AppError } from "../errors.js";
import { newUserId } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import { checkPassword } from "./validate-account.js";

export const MAIN_LOGIN_NAME = "admin";

/**
 * Creates the main account on first start. Returns the generated password when none was given,
 * so the caller can print it once; returns null when the account already exists.
 */
export async function bootstrapMainAccount(deps: CoreDeps, configuredPassword: string | undefined): Promise<{ generatedPassword: string | null } | null> {
  if (await deps.repos.users.findMain()) return null;
  if (configuredPassword !== undefined) checkPassword(configuredPassword, MAIN_LOGIN_NAME, "APPSTUDIO_ADMIN_PASSWORD");
  const password = configuredPassword ?? randomBytes(12).toString("base64url");
  const now = isoNow(deps.clock);
  try {
    await deps.repos.users.create({
      id: newUserId(),
      loginName: MAIN_LOGIN_NAME,
      displayName: "Main account",
      isMain: true,
      disabled: false,
      policies: ["FullAccess"],
      createdAt: now,
      updatedAt: now,
      passwordHash: await deps.hasher.hash(password),
    });
  } catch (e) {
    // Another server process starting at the same moment created it first.
    if (e instanceof AppError && e.code === "Conflict") return null;
    throw e;
  }
  return { generatedPassword: configuredPassword === undefined ? password : null };
}
