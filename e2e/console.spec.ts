import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { baseUrl, expectConsoleCsp, pick, postWithHost, readClipboard, shot, signIn, signOut, watchCspViolations } from "./helpers.js";

/**
 * The "Must show" scenario, in order: the main account builds a workspace with a
 * sub-account member, an agent app and an API key, copies the IDs, and calls the app; then the
 * sub-account sees only its workspace and is refused Workspace Management.
 */
test.describe.configure({ mode: "serial" });

const WORKSPACE = "E2E Team";
const SUB_LOGIN = "alice";
const SUB_PASSWORD = "alice-password-1";
const APP = "Support bot";
const DISABLED_LOGIN = "bob";

const state: { workspaceId?: string; appId?: string; apiKey?: string; dedicatedBaseUrl?: string } = {};

let context: BrowserContext;
let page: Page;
let cspViolations: string[];

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  cspViolations = await watchCspViolations(context);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context.close();
});

test("the main account signs in", async () => {
  await page.goto(`${baseUrl()}/`);
  await expect(page.getByTestId("sign-in-form")).toBeVisible();
  await shot(page, "sign-in");

  await page.getByTestId("login-name").fill("admin");
  await page.getByTestId("password").fill("wrong-password");
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("sign-in-error")).toContainText("Wrong login name or password");

  await signIn(page, "admin", process.env.E2E_ADMIN_PASSWORD ?? "");
  await expect(page.getByTestId("workspace-switcher")).toHaveValue(/default/);
});

test("creates a workspace in Workspace Management and switches to it", async () => {
  await page.getByTestId("workspace-management-link").click();
  await expect(page.getByTestId("workspace-management-page")).toBeVisible();
  await page.getByTestId("create-workspace").click();
  await page.getByTestId("workspace-name").fill(WORKSPACE);
  await page.getByTestId("create-workspace-submit").click();

  const row = page.locator(`[data-testid="workspace-row"][data-workspace-name="${WORKSPACE}"]`);
  await expect(row).toBeVisible();
  state.workspaceId = (await row.getAttribute("data-workspace-id")) ?? undefined;
  expect(state.workspaceId).toMatch(/^ws-[a-z0-9]{16}$/);
  await expect(page.getByTestId("default-marker")).toHaveCount(1);

  // The Workspace ID column has a copy button per row.
  await row.getByTestId("copy-workspace-row-id").click();
  expect(await readClipboard(page)).toBe(state.workspaceId);
  await shot(page, "workspace-management");

  await row.getByTestId("switch-workspace").click();
  await expect(page.getByTestId("workspace-switcher")).toHaveValue(WORKSPACE);
});

test("creates a sub-account and adds it as a member", async () => {
  await page.getByTestId("nav-users").click();
  await page.getByTestId("create-user").click();
  await page.getByTestId("user-login-name").fill(SUB_LOGIN);
  await page.getByTestId("user-display-name").fill("Alice");
  await page.getByTestId("user-password").fill(SUB_PASSWORD);
  await page.getByTestId("create-user-submit").click();
  await expect(page.locator(`[data-testid="user-row"][data-login-name="${SUB_LOGIN}"]`)).toBeVisible();

  // A second sub-account, disabled at once: its sign-in must say so plainly.
  await page.getByTestId("create-user").click();
  await page.getByTestId("user-login-name").fill(DISABLED_LOGIN);
  await page.getByTestId("user-password").fill(SUB_PASSWORD);
  await page.getByTestId("create-user-submit").click();
  const disabled = page.locator(`[data-testid="user-row"][data-login-name="${DISABLED_LOGIN}"]`);
  await disabled.getByTestId("user-actions").click();
  await page.getByTestId("user-disable").click();
  await expect(disabled.getByTestId("user-status")).toHaveText("Disabled");
  await page.keyboard.press("Escape");
  await shot(page, "users");

  await page.getByTestId("nav-members").click();
  await expect(page.getByTestId("members-page")).toBeVisible();
  await page.getByTestId("add-member").click();
  await pick(page, "member-user", /alice/);
  await page.getByTestId("add-member-submit").click();
  const member = page.locator(`[data-testid="member-row"][data-login-name="${SUB_LOGIN}"]`);
  await expect(member).toBeVisible();
  await shot(page, "members");
});

test("creates an agent app, saves and publishes it", async () => {
  await page.getByTestId("nav-apps").click();
  await page.getByTestId("create-app").click();
  await page.getByTestId("create-app-name").fill(APP);
  await page.getByTestId("create-app-submit").click();
  await expect(page.getByTestId("agent-config-form")).toBeVisible();
  state.appId = (await page.getByTestId("editor-app-id").textContent()) ?? undefined;
  expect(state.appId).toMatch(/^[0-9a-f]{32}$/);

  await page.getByTestId("agent-model").fill("fake-model");
  await page.keyboard.press("Escape");
  await page.getByTestId("agent-instructions").fill("You are the support bot of ${company}. Be brief.");
  await expect(page.getByTestId("instruction-variable")).toHaveText(["company"]);
  await page.getByTestId("agent-temperature").fill("0.3");
  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("unsaved-badge")).toHaveCount(0);

  await page.getByTestId("publish").click();
  await page.getByTestId("publish-confirm").click();
  await expect(page.getByTestId("app-status").first()).toHaveAttribute("data-status", "published");

  // A second version, then a rollback to the first (which publishes it again as version 3).
  await page.getByTestId("agent-temperature").fill("0.9");
  await expect(page.getByTestId("unsaved-badge")).toBeVisible();
  await page.getByTestId("publish").click();
  await page.getByTestId("publish-confirm").click();
  await expect(page.getByTestId("app-status").first()).toContainText("v2");
  await page.getByTestId("tab-versions").click();
  await expect(page.getByTestId("version-row")).toHaveCount(2);
  await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId("rollback").click();
  await page.getByTestId("confirm-action").click();
  await expect(page.getByTestId("version-row")).toHaveCount(3);
  await expect(page.getByTestId("app-status").first()).toContainText("v3");
  await expect(page.getByTestId("agent-temperature")).toHaveValue("0.3");
  await page.getByTestId("tab-api-call").click();
  await expect(page.getByTestId("snippet-curl")).toContainText(state.appId ?? "");
  await expect(page.getByTestId("snippet-curl")).toContainText(state.workspaceId ?? "");
  await page.getByTestId("snippet-tab-python").click();
  await expect(page.getByTestId("snippet-python")).toContainText("dashscope.base_http_api_url");
  await expect(page.getByTestId("snippet-python")).toContainText(`app_id='${state.appId}'`);
  await shot(page, "agent-editor-api-call");
});

test("copies the App ID from App Management", async () => {
  await page.getByTestId("nav-apps").click();
  const row = page.locator(`[data-testid="app-row"][data-app-name="${APP}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("app-status")).toHaveAttribute("data-status", "published");
  await row.getByTestId("copy-app-id").click();
  expect(await readClipboard(page)).toBe(state.appId);
  await shot(page, "app-management");
});

test("copies the Workspace ID from the upper-right dialog", async () => {
  await page.getByTestId("workspace-id-button").click();
  const dialog = page.getByRole("dialog", { name: "Workspace ID" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("workspace-id-value")).toHaveText(state.workspaceId ?? "");
  state.dedicatedBaseUrl = (await dialog.getByTestId("dedicated-base-url").textContent()) ?? undefined;
  expect(state.dedicatedBaseUrl).toContain(state.workspaceId ?? "-");
  await dialog.getByTestId("copy-workspace-id").click();
  expect(await readClipboard(page)).toBe(state.workspaceId);
  await shot(page, "workspace-id-dialog", { dialog: true });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("creates an API key and sees its secret once", async () => {
  await page.getByTestId("nav-api-keys").click();
  await page.getByTestId("create-api-key").click();
  await page.getByTestId("api-key-description").fill("e2e key");
  await page.getByTestId("api-key-submit").click();
  const secret = page.getByTestId("api-key-secret");
  await expect(secret).toHaveText(/^sk-[0-9a-f]{32,}$/);
  await page.getByTestId("copy-api-key-secret").click();
  state.apiKey = await readClipboard(page);
  await expect(secret).toHaveText(state.apiKey);
  await page.getByTestId("api-key-secret-done").click();
  const row = page.getByTestId("api-key-row");
  await expect(row).toHaveCount(1);
  await expect(row).not.toContainText(state.apiKey.slice(12));

  // Restrictions: loopback only, and only this app.
  await row.getByTestId("api-key-actions").click();
  await page.getByTestId("api-key-edit").click();
  await page.getByTestId("api-key-ip-allowlist").fill("127.0.0.1/32");
  await page.keyboard.press("Enter");
  await pick(page, "api-key-app-allowlist", new RegExp(APP));
  await page.keyboard.press("Escape");
  await page.getByTestId("api-key-submit").click();
  await expect(row).toContainText("1 IP rule");
  await expect(row).toContainText("1 app");
  await shot(page, "api-keys");
});

test("the copied IDs and key call the app through the DashScope API", async () => {
  const dedicated = new URL(state.dedicatedBaseUrl ?? "");
  const response = await postWithHost(
    `${baseUrl()}${dedicated.pathname}/apps/${state.appId}/completion`,
    dedicated.host,
    { authorization: `Bearer ${state.apiKey}` },
    { input: { prompt: "Hello from the API", biz_params: { user_prompt_params: { company: "ACME" } } }, parameters: {} },
  );
  expect(response.status, response.body).toBe(200);
  expect(JSON.parse(response.body).output.text).toContain("Hello from the API");
});

test("calls the app from the playground", async () => {
  await page.getByTestId("nav-apps").click();
  await page.locator(`[data-testid="app-row"][data-app-name="${APP}"]`).getByRole("link", { name: APP }).click();
  await expect(page.getByTestId("playground")).toBeVisible();
  await page.getByTestId("playground-version").getByText("Published").click();
  await page.getByTestId("playground-prompt").fill("Hello from the playground");
  await page.getByTestId("playground-send").click();
  const answer = page.getByTestId("playground-answer").last();
  await expect(answer).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("playground-error")).toHaveCount(0);
  await expect(answer).toContainText("Hello from the playground");
  await shot(page, "agent-editor-playground");
});

test("sees both calls in the call log and the usage chart", async () => {
  await page.getByTestId("nav-logs").click();
  await expect(page.getByTestId("call-log-row")).toHaveCount(2);
  await expect(page.getByTestId("usage-chart")).toBeVisible();
  await shot(page, "logs-and-usage");
});

test("tests the configured model provider", async () => {
  await page.getByTestId("nav-providers").click();
  const row = page.locator('[data-testid="provider-row"][data-provider-name="fake"]');
  await expect(row).toBeVisible();
  await row.getByTestId("provider-test").click();
  await expect(row.getByTestId("provider-test-result")).toHaveAttribute("data-ok", "true");

  await page.getByTestId("add-provider").click();
  await page.getByTestId("provider-name").fill("second");
  await page.getByTestId("provider-base-url").fill(process.env.E2E_FAKE_MODEL_URL ?? "");
  await page.getByTestId("provider-api-key").fill("not-needed");
  await page.getByTestId("provider-models").fill("other-model");
  await page.keyboard.press("Enter");
  await page.getByTestId("add-provider-submit").click();
  const added = page.locator('[data-testid="provider-row"][data-provider-name="second"]');
  await expect(added).toContainText("other-model");
  await added.getByTestId("provider-test").click();
  await expect(added.getByTestId("provider-test-result")).toHaveAttribute("data-ok", "true");
  await shot(page, "model-providers");
  await added.getByRole("button", { name: "Remove" }).click();
  await page.getByTestId("confirm-action").click();
  await expect(added).toHaveCount(0);
});

test("shows a workflow app's stored graph", async () => {
  await page.getByTestId("nav-apps").click();
  await page.getByTestId("create-app").click();
  await page.getByTestId("create-app-type").getByText("Workflow").click();
  await page.getByTestId("create-app-name").fill("Ticket flow");
  await page.getByTestId("create-app-submit").click();
  await expect(page.getByTestId("workflow-canvas")).toBeVisible();
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  await shot(page, "workflow-graph");

  await page.getByTestId("nav-home").click();
  await expect(page.getByTestId("home-page")).toContainText(APP);
  await shot(page, "home");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl()}/apps`);
  await expect(page.getByTestId("app-management-page")).toBeVisible();
  await shot(page, "app-management-narrow");
  await page.setViewportSize({ width: 1280, height: 800 });
  await signOut(page);
});

test("a disabled account gets a clear message", async ({ browser }) => {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${baseUrl()}/sign-in`);
  await otherPage.getByTestId("login-name").fill(DISABLED_LOGIN);
  await otherPage.getByTestId("password").fill(SUB_PASSWORD);
  await otherPage.getByTestId("sign-in-submit").click();
  await expect(otherPage.getByTestId("sign-in-error")).toContainText("This account is disabled");
  await other.close();
});

test("the sub-account sees only its workspace and is refused Workspace Management", async ({ browser }) => {
  const sub = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const subPage = await sub.newPage();
  await signIn(subPage, SUB_LOGIN, SUB_PASSWORD);
  await expect(subPage.getByTestId("workspace-switcher")).toHaveValue(WORKSPACE);
  await subPage.getByTestId("workspace-switcher").click();
  await expect(subPage.getByRole("option")).toHaveCount(1);
  await subPage.keyboard.press("Escape");

  await subPage.getByTestId("nav-apps").click();
  await expect(subPage.locator(`[data-testid="app-row"][data-app-name="${APP}"]`)).toBeVisible();

  // Workspace Management is not offered to a member; its address still explains why it is closed.
  await expect(subPage.getByTestId("workspace-management-link")).toHaveCount(0);
  await expect(subPage.getByTestId("nav-workspaces")).toHaveCount(0);
  await subPage.goto(`${baseUrl()}/workspaces`);
  const denied = subPage.getByTestId("insufficient-permissions");
  await expect(denied).toBeVisible();
  await expect(denied).toContainText("FullAccess");
  await expect(denied).toContainText("ControlFullAccess");
  await expect(subPage.getByTestId("workspace-table")).toHaveCount(0);
  await shot(subPage, "insufficient-permissions");

  // The session ends (cookie gone): the next call sends the user to sign in again.
  await sub.clearCookies();
  await subPage.getByTestId("nav-logs").click();
  await expect(subPage.getByTestId("session-expired")).toBeVisible();
  await sub.close();
});

test("no page of the walk above broke the Content Security Policy", async () => {
  await expectConsoleCsp(page);
  expect(cspViolations).toEqual([]);
});
