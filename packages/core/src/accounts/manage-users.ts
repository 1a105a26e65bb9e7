import { recordAudit } from "../audit/record-audit.js";
import { authorize, authorizeLookup } from "../auth/authorize.js";
import { type Principal, rankOf } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError, notFound } from "../errors.js";
import { newUserId } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import type { PageRequest } from "../ports/page.js";
import type { Policy, User } from "./account-types.js";
import { type SignInThrottles, throttleSignIn } from "./sign-in-throttle.js";
import { checkDisplayName, checkLoginName, checkPassword } from "./validate-account.js";

export async function listUsers(deps: CoreDeps, principal: Principal, query: PageRequest & { search?: string }) {
  authorize(principal, "user.list");
  return deps.repos.users.list(query);
}

/** Another user's account is a 404 to whoever may not read users, exactly as a missing one. */
export async function getUser(deps: CoreDeps, principal: Principal, userId: string): Promise<User> {
  const missing = () => notFound("User", userId);
  if (userId !== principal.userId) return authorizeLookup(principal, "user.read", await deps.repos.users.findById(userId), () => ({}), missing);
  authorize(principal, "account.read-self", { userId });
  const user = await deps.repos.users.findById(userId);
  if (!user) throw missing();
  return user;
}

/** The account an `outrank` action is done to, for `authorize()`. */
const target = (user: User) => ({ userId: user.id, userRank: rankOf(user) });

export interface CreateUserInput {
  loginName: string;
  displayName?: string;
  password: string;
  policies?: Policy[];
}

export async function createUser(deps: CoreDeps, principal: Principal, input: CreateUserInput): Promise<User> {
  const policies = [...new Set(input.policies ?? [])];
  const grantsRank = rankOf({ isMain: false, policies });
  authorize(principal, "user.create", { grantsRank });
  if (policies.length > 0) authorize(principal, "user.set-policies", { grantsRank });
  const loginName = input.loginName.toLowerCase();
  checkLoginName(loginName);
  checkPassword(input.password, loginName);
  const displayName = input.displayName ?? loginName;
  checkDisplayName(displayName);
  if (await deps.repos.users.findByLoginName(loginName)) {
    throw new AppError("Conflict", `A user with login name '${loginName}' already exists.`, { field: "loginName" });
  }
  const now = isoNow(deps.clock);
  const user: User = {
    id: newUserId(),
    loginName,
    displayName,
    isMain: false,
    disabled: false,
    policies,
    createdAt: now,
    updatedAt: now,
  };
  await deps.repos.users.create({ ...user, passwordHash: await deps.hasher.hash(input.password) });
  await recordAudit(deps, principal, { action: "user.create", resourceType: "user", resourceId: user.id, details: { loginName, policies: user.policies } });
  return user;
}

export interface UpdateUserInput {
  displayName?: string;
  disabled?: boolean;
  password?: string;
  policies?: Policy[];
}

export async function updateUser(deps: CoreDeps, principal: Principal, userId: string, input: UpdateUserInput): Promise<User> {
  const user = await getUser(deps, principal, userId);
  // Rename, disable and password reset all need a rank above the account's: a reset password is a takeover.
  authorize(principal, "user.update", target(user));
  if (input.policies !== undefined) {
    authorize(principal, "user.set-policies", { ...target(user), grantsRank: rankOf({ isMain: user.isMain, policies: input.policies }) });
  }
  if (user.isMain && (input.disabled === true || input.policies !== undefined)) {
    throw new AppError("Conflict", "The main account is always an enabled super administrator.");
  }
  if (user.id === principal.userId && input.disabled === true) throw new AppError("Conflict", "You cannot disable your own account.");
  if (input.displayName !== undefined) checkDisplayName(input.displayName);
  if (input.password !== undefined) checkPassword(input.password, user.loginName);
  await deps.repos.users.update(userId, {
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    ...(input.policies !== undefined ? { policies: [...new Set(input.policies)] } : {}),
    ...(input.password !== undefined ? { passwordHash: await deps.hasher.hash(input.password) } : {}),
  });
  // A reset password or a disabled account must end the sessions that were opened with the old state.
  if (input.password !== undefined || input.disabled === true) await deps.repos.consoleSessions.deleteForUser(userId);
  await recordAudit(deps, principal, {
    action: "user.update",
    resourceType: "user",
    resourceId: userId,
    details: {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      ...(input.policies !== undefined ? { policies: input.policies } : {}),
      ...(input.password !== undefined ? { passwordReset: true } : {}),
    },
  });
  return getUser(deps, principal, userId);
}

export async function deleteUser(deps: CoreDeps, principal: Principal, userId: string): Promise<void> {
  const user = await getUser(deps, principal, userId);
  authorize(principal, "user.delete", target(user));
  if (user.isMain) throw new AppError("Conflict", "The main account cannot be deleted.");
  if (user.id === principal.userId) throw new AppError("Conflict", "You cannot delete your own account.");
  await deps.repos.members.deleteForUser(userId);
  await deps.repos.tokens.deleteForUser(userId);
  await deps.repos.consoleSessions.deleteForUser(userId);
  await deps.repos.users.delete(userId);
  await recordAudit(deps, principal, { action: "user.delete", resourceType: "user", resourceId: userId, details: { loginName: user.loginName } });
}

export async function changeOwnPassword(
  deps: CoreDeps,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
  throttles: SignInThrottles,
): Promise<void> {
  authorize(principal, "account.change-own-password");
  // Checking the current password is a sign-in in all but name: the same budgets keep a stolen session from guessing it.
  const verified = await throttleSignIn(throttles, { loginName: principal.loginName, ip: principal.ip }, async () => {
    const found = await deps.repos.users.findByLoginName(principal.loginName);
    return found && (await deps.hasher.verify(found.passwordHash, input.currentPassword)) ? found : undefined;
  });
  if (!verified) throw new AppError("InvalidCredentials", "The current password is wrong.");
  checkPassword(input.newPassword, principal.loginName, "newPassword");
  await deps.repos.users.update(principal.userId, { passwordHash: await deps.hasher.hash(input.newPassword) });
  await recordAudit(deps, principal, { action: "account.change-password", resourceType: "user", resourceId: principal.userId });
}
