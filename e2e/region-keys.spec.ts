import { expect, type Page, test } from "@playwright/test";
import { AdminApi } from "./api-setup.js";
import { seriousA11yFindings } from "./axe-findings.js";
import { baseUrl, postWithHost, readClipboard, signedInPage } from "./helpers.js";

/**
 * The API-keys page's scope option: only a super administrator is offered "All workspaces of the
 * region"; the key carries a badge; it calls another workspace's app on the shared host by naming
 * it in X-DashScope-WorkSpace (a workspace key is refused there), never on that workspace's
 * dedicated host. A workspace admin sees the badge but neither the option nor the key's actions.
 */
test.describe.configure({ mode: "serial" });

const HOME = "Region home";
const OTHER = "Region other";
const WS_ADMIN = "region-ws-admin";
const PASSWORD = "region-password-1";

interface Workspace {
  id: string;
  endpoints: { sharedBaseUrl: string; dedicatedBaseUrl: string };
}

let admin: AdminApi;
let home: Workspace;
let other: Workspace;
let otherApp: string;
let regionKey: string;
let page: Page;
/** Sessions start in the home workspace, with the clipboard readable for copied keys. */
const IN_HOME = { workspace: HOME, clipboard: true };

/** Calls the other workspace's app with `key` on the shared host (or `host`), naming that workspace. */
function callOther(key: string, host?: string) {
  const url = `${baseUrl()}/api/v1/apps/${otherApp}/completion`;
  return postWithHost(
    url,
    host ?? new URL(url).host,
    { authorization: `Bearer ${key}`, "x-dashscope-workspace": other.id },
    { input: { prompt: "Hello across workspaces" } },
  );
}

test.beforeAll(async ({ browser }) => {
  admin = await AdminApi.signIn();
  home = await admin.call<Workspace>("GET", `/workspaces/${await admin.createWorkspace(HOME)}`);
  other = await admin.call<Workspace>("GET", `/workspaces/${await admin.createWorkspace(OTHER)}`);
  otherApp = await admin.createApp(other.id, "Other bot");
  await admin.call("POST", `/apps/${otherApp}/publish`, {});
  await admin.setMember(home.id, await admin.createUser(WS_ADMIN, PASSWORD), "admin");
  page = await signedInPage(browser, "admin", process.env.E2E_ADMIN_PASSWORD ?? "", IN_HOME);
});

test.afterAll(async () => {
  await page?.context().close();
  await admin?.close();
});

test("a super administrator creates an All-workspaces key, marked on the list", async () => {
  await page.getByTestId("nav-api-keys").click();
  await page.getByTestId("create-api-key").click();
  await expect(page.getByTestId("api-key-scope")).toBeVisible();
  await page.getByTestId("api-key-description").fill("region e2e");
  await page.getByLabel("All workspaces of the region").check();
  expect(await seriousA11yFindings(page)).toEqual([]);
  await page.getByTestId("api-key-submit").click();
  await expect(page.getByTestId("api-key-secret")).toHaveText(/^sk-/);
  await page.getByTestId("copy-api-key-secret").click();
  regionKey = await readClipboard(page);
  await page.getByTestId("api-key-secret-done").click();

  const row = page.getByTestId("api-key-row").filter({ hasText: "region e2e" });
  await expect(row.getByTestId("api-key-scope-badge")).toHaveText("All workspaces");
  const stored = await admin.call<{ items: { description: string; scope: string }[] }>("GET", `/api-keys?workspaceId=${home.id}`);
  expect(stored.items.find((k) => k.description === "region e2e")?.scope).toBe("region");
  expect(await seriousA11yFindings(page)).toEqual([]);
});

test("the region key calls another workspace's app on the shared host; a workspace key cannot", async () => {
  const called = await callOther(regionKey);
  expect(called.status, called.body).toBe(200);
  expect(JSON.parse(called.body).output.text).toContain("Hello across workspaces");

  const workspaceKey = await admin.call<{ secret: string }>("POST", "/api-keys", { workspaceId: home.id, description: "workspace only" });
  const refused = await callOther(workspaceKey.secret);
  expect(refused.status, refused.body).toBe(403);
  expect(JSON.parse(refused.body).code).toBe("Workspace.AccessDenied");

  // Another workspace's dedicated host takes that workspace's keys only, region keys included.
  const dedicated = await callOther(regionKey, new URL(other.endpoints.dedicatedBaseUrl).host);
  expect(dedicated.status, dedicated.body).toBe(403);
  expect(JSON.parse(dedicated.body).code).toBe("Workspace.AccessDenied");
});

test("a workspace admin sees the badge, but neither the scope option nor the region key's actions", async ({ browser }) => {
  const wsAdmin = await signedInPage(browser, WS_ADMIN, PASSWORD, IN_HOME);
  await wsAdmin.getByTestId("nav-api-keys").click();
  const regionRow = wsAdmin.getByTestId("api-key-row").filter({ hasText: "region e2e" });
  await expect(regionRow.getByTestId("api-key-scope-badge")).toBeVisible();
  await expect(regionRow.getByTestId("api-key-actions")).toHaveCount(0);
  const workspaceRow = wsAdmin.getByTestId("api-key-row").filter({ hasText: "workspace only" });
  await expect(workspaceRow.getByTestId("api-key-scope-badge")).toHaveCount(0);
  await expect(workspaceRow.getByTestId("api-key-actions")).toBeVisible();

  await wsAdmin.getByTestId("create-api-key").click();
  await expect(wsAdmin.getByTestId("api-key-form")).toBeVisible();
  await expect(wsAdmin.getByTestId("api-key-scope")).toHaveCount(0);
  await expect(wsAdmin.getByText("All workspaces of the region")).toHaveCount(0);
  await wsAdmin.context().close();
});
