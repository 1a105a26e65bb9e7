import { type Browser, expect, type Page, test } from "@playwright/test";
import { AdminApi } from "./api-setup.js";
import { baseUrl, pick, signedInPage, signIn } from "./helpers.js";

/**
 * Each kind of account sees exactly the actions it may take, decided by the server's permission
 * table through whoami: allowed actions are enabled, refused ones are hidden or disabled with a
 * tooltip that names the policy or role in words (never an action code such as `app.write`).
 */
test.describe.configure({ mode: "serial" });

const WORKSPACE = "Permissions WS";
const PASSWORD = "perm-password-1";
const world: { workspaceId?: string; appId?: string; ids: Record<string, string> } = { ids: {} };
let admin: AdminApi;

test.beforeAll(async () => {
  admin = await AdminApi.signIn();
  world.workspaceId = await admin.createWorkspace(WORKSPACE);
  world.appId = await admin.createApp(world.workspaceId, "Perm bot");
  const accounts: [string, string[], "admin" | "member" | undefined][] = [
    ["perm-reader", ["ReadOnlyAccess"], "admin"],
    ["perm-member", [], "member"],
    ["perm-control", ["ControlFullAccess"], undefined],
    ["perm-promoted", [], "member"],
    ["perm-demoted", [], "admin"],
  ];
  for (const [login, policies, role] of accounts) {
    world.ids[login] = await admin.createUser(login, PASSWORD, policies);
    if (role) await admin.setMember(world.workspaceId, world.ids[login], role);
  }
});
test.afterAll(() => admin?.close());

// Administrators see every workspace and start in the default one: every session switches to ours.
const session = (browser: Browser, login: string, password = PASSWORD): Promise<Page> => signedInPage(browser, login, password, { workspace: WORKSPACE });

const nav = ["nav-apps", "nav-knowledge", "nav-memory", "nav-api-keys", "nav-members", "nav-logs", "nav-users", "nav-providers", "nav-workspaces"];

async function expectNav(page: Page, visible: string[]) {
  for (const id of nav) await expect(page.getByTestId(id), id).toHaveCount(visible.includes(id) ? 1 : 0);
}

/** A disabled control inside the tooltip wrapper; hovering shows the reason in words. */
async function expectDenied(page: Page, testId: string, reason: RegExp) {
  const control = page.getByTestId(testId);
  await expect(control).toBeDisabled();
  await page.getByTestId("write-denied").filter({ has: control }).hover();
  const tooltip = page.getByRole("tooltip");
  await expect(tooltip).toContainText(reason);
  await expect(tooltip).not.toContainText(/\b(app|apikey|member|workspace|knowledge)\.[a-z-]+\b/);
  await page.mouse.move(0, 0);
}

test("ReadOnlyAccess with the admin role: sees everything, changes nothing", async ({ browser }) => {
  const page = await session(browser, "perm-reader");
  await expectNav(page, ["nav-apps", "nav-knowledge", "nav-memory", "nav-api-keys", "nav-members", "nav-logs"]);
  await expect(page.getByTestId("workspace-management-link")).toHaveCount(0);
  await expect(page.getByTestId("quick-create-app")).toHaveCount(0);
  await expect(page.getByTestId("quick-create-api-key")).toHaveCount(0);

  await page.getByTestId("nav-apps").click();
  await expectDenied(page, "create-app", /ReadOnlyAccess/);
  await page.getByRole("link", { name: "Perm bot" }).click();
  await expect(page.getByTestId("view-only")).toContainText("ReadOnlyAccess");
  await expectDenied(page, "publish", /ReadOnlyAccess/);
  await expect(page.getByTestId("save-draft")).toBeDisabled();
  await expect(page.getByTestId("agent-model")).toBeDisabled();
  await expect(page.getByRole("button", { name: /Add tool/i })).toBeDisabled();

  await page.getByTestId("nav-api-keys").click();
  await expectDenied(page, "create-api-key", /ReadOnlyAccess/);
  await page.getByTestId("nav-members").click();
  await expectDenied(page, "add-member", /ReadOnlyAccess/);
  await page.context().close();
});

test("member: builds apps, but no API keys, members or workspaces to manage", async ({ browser }) => {
  const page = await session(browser, "perm-member");
  await expectNav(page, ["nav-apps", "nav-knowledge", "nav-memory", "nav-members", "nav-logs"]);
  await expect(page.getByTestId("quick-create-app")).toBeVisible();
  await expect(page.getByTestId("quick-create-api-key")).toHaveCount(0);
  await expect(page.getByTestId("home-page")).toContainText("Ask an admin of this workspace for an API key");

  await page.getByTestId("nav-apps").click();
  await expect(page.getByTestId("create-app")).toBeEnabled();
  await page.getByRole("link", { name: "Perm bot" }).click();
  await expect(page.getByTestId("publish")).toBeEnabled();
  await expect(page.getByTestId("view-only")).toHaveCount(0);
  await expect(page.getByTestId("agent-model")).toBeEnabled();

  await page.getByTestId("nav-members").click();
  await expectDenied(page, "add-member", /admin role in this workspace/);
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await page.context().close();
});

test("ControlFullAccess: manages workspaces, members, keys and users, not app content", async ({ browser }) => {
  const page = await session(browser, "perm-control");
  await expectNav(page, ["nav-apps", "nav-knowledge", "nav-api-keys", "nav-members", "nav-logs", "nav-users", "nav-workspaces"]);

  await page.getByTestId("nav-apps").click();
  await expectDenied(page, "create-app", /ControlFullAccess manages workspaces/);
  await page.getByRole("link", { name: "Perm bot" }).click();
  await expect(page.getByTestId("view-only")).toContainText("ControlFullAccess");
  await expectDenied(page, "playground-send", /ControlFullAccess/);

  await page.getByTestId("nav-api-keys").click();
  await expect(page.getByTestId("create-api-key")).toBeEnabled();
  await page.getByTestId("nav-members").click();
  await expect(page.getByTestId("add-member")).toBeEnabled();
  await page.getByTestId("nav-workspaces").click();
  await expect(page.getByTestId("create-workspace")).toBeEnabled();
  await expect(page.getByTestId("workspace-members").first()).toBeVisible();
  await page.getByTestId("nav-users").click();
  await expect(page.getByTestId("create-user")).toBeEnabled();
  await page.context().close();
});

test("super administrator: every action, model providers included", async ({ browser }) => {
  const page = await session(browser, "admin", process.env.E2E_ADMIN_PASSWORD ?? "");
  await expectNav(page, nav);
  await expect(page.getByTestId("quick-create-api-key")).toBeVisible();
  await page.getByTestId("nav-apps").click();
  await expect(page.getByTestId("create-app")).toBeEnabled();
  await page.getByTestId("nav-api-keys").click();
  await expect(page.getByTestId("create-api-key")).toBeEnabled();
  await page.getByTestId("nav-providers").click();
  await expect(page.getByTestId("add-provider")).toBeEnabled();
  await expect(page.getByTestId("write-denied")).toHaveCount(0);
  await page.context().close();
});

test("a refusal refreshes what the user may do, and its message speaks in words", async ({ browser }) => {
  const page = await session(browser, "perm-demoted");
  await page.getByTestId("nav-api-keys").click();
  await expect(page.getByTestId("create-api-key")).toBeEnabled();

  // Demoted while the page is open: the button is stale until the server refuses once.
  await admin.setMember(world.workspaceId ?? "", world.ids["perm-demoted"] ?? "", "member");
  await page.getByTestId("create-api-key").click();
  await page.getByTestId("api-key-submit").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("alert")).toContainText("Managing API keys requires");
  await expect(dialog.getByRole("alert")).not.toContainText("apikey.manage");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("nav-api-keys")).toHaveCount(0);
  await expect(page.getByTestId("create-api-key")).toBeDisabled();
  await page.context().close();
});

test("a new role shows without a reload, and a reload keeps the workspace", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.clock.install();
  await signIn(page, "perm-promoted", PASSWORD);
  await expect(page.getByTestId("nav-api-keys")).toHaveCount(0);

  await admin.setMember(world.workspaceId ?? "", world.ids["perm-promoted"] ?? "", "admin");
  // whoami is refetched every 30 s (and on focus): jump the page's clock instead of waiting.
  await page.clock.fastForward(31_000);
  await expect(page.getByTestId("nav-api-keys")).toBeVisible();

  // An administrator's tab stays in the workspace it chose, even when another tab switches.
  const control = await session(browser, "perm-control");
  const other = await control.context().newPage();
  await other.goto(`${baseUrl()}/`);
  await pick(other, "workspace-switcher", /default/);
  await expect(other.getByTestId("workspace-switcher")).toHaveValue(/default/);
  await control.reload();
  await expect(control.getByTestId("workspace-switcher")).toHaveValue(WORKSPACE);
  await control.context().close();
  await context.close();
});
