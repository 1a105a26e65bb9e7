import { expect, type Locator, type Page, test } from "@playwright/test";
import { AdminApi } from "./api-setup.js";
import { pick, signIn } from "./helpers.js";

/**
 * At 390 px (a phone): dialogs stay inside the viewport with their copy buttons visible, tables
 * scroll sideways with a hint instead of dropping columns, and no ID or URL breaks mid-token.
 */
test.describe.configure({ mode: "serial" });

const WORKSPACE = "Narrow screen workspace";
let page: Page;

test.beforeAll(async ({ browser }) => {
  const admin = await AdminApi.signIn();
  await admin.createWorkspace(WORKSPACE);
  await admin.close();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  page = await context.newPage();
  await signIn(page, "admin", process.env.E2E_ADMIN_PASSWORD ?? "");
  await pick(page, "workspace-switcher", WORKSPACE);
});
test.afterAll(() => page?.context().close());

async function expectInsideViewport(locator: Locator) {
  const box = await locator.boundingBox();
  expect(box, "element is rendered").not.toBeNull();
  if (!box) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(box.y + box.height).toBeLessThanOrEqual(844);
}

/** How many lines the element's text occupies (one rectangle per line box). */
const textLines = (locator: Locator) =>
  locator.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });

test("the Workspace ID dialog shows the whole ID and base URLs with their copy buttons", async () => {
  await page.getByTestId("workspace-id-button").click();
  const dialog = page.getByRole("dialog", { name: "Workspace ID" });
  await expect(dialog).toBeVisible();
  await expectInsideViewport(dialog);
  for (const id of ["copy-workspace-id", "copy-dedicated-base-url", "copy-shared-base-url"]) {
    await expect(dialog.getByTestId(id)).toBeVisible();
    await expectInsideViewport(dialog.getByTestId(id));
  }
  const workspaceId = dialog.getByTestId("workspace-id-value");
  expect(await textLines(workspaceId)).toBe(1);
  await expectInsideViewport(workspaceId);

  // The URL may wrap before a path segment, never inside the host and port.
  const url = dialog.getByTestId("dedicated-base-url");
  await expectInsideViewport(url);
  const host = url.locator("[data-url-part]").first();
  expect(await textLines(host)).toBe(1);
  expect(await host.textContent()).toMatch(/^https?:\/\/ws-[a-z0-9]{16}\.[^/:]+$/);
  // Shown whole, not cut off inside a scroll box.
  for (const id of ["dedicated-base-url", "shared-base-url", "workspace-id-value"]) {
    expect(await dialog.getByTestId(id).evaluate((el) => el.scrollWidth <= el.clientWidth), id).toBe(true);
  }
  await page.getByRole("button", { name: "Close dialog" }).click();
  await expect(dialog).toBeHidden();
});

test("Workspace Management keeps every column, scrolls sideways and says so", async () => {
  await page.goto(page.url().replace(/\/[^/]*$/, "/workspaces"));
  await expect(page.getByTestId("workspace-management-page")).toBeVisible();
  await expect(page.getByTestId("table-scroll-hint")).toBeVisible();
  const table = page.getByTestId("workspace-table");
  for (const column of ["Name", "Workspace ID", "Region", "Created", "Actions"]) {
    await expect(table.getByRole("columnheader", { name: column })).toHaveCount(1);
  }
  for (const id of await table.locator("[data-testid=workspace-row] code").all()) expect(await textLines(id)).toBe(1);

  // Scrolled to the end, the actions are reachable, Members included.
  const row = page.locator(`[data-testid="workspace-row"][data-workspace-name="${WORKSPACE}"]`);
  await row.getByTestId("workspace-members").scrollIntoViewIfNeeded();
  await expectInsideViewport(row.getByTestId("workspace-members"));
  await row.getByTestId("workspace-members").click();
  const dialog = page.getByRole("dialog", { name: `Members of ${WORKSPACE}` });
  await expect(dialog).toBeVisible();
  await expectInsideViewport(dialog);
  await expect(dialog.getByTestId("add-member")).toBeVisible();
  await page.getByRole("button", { name: "Close dialog" }).click();
});

test("App IDs in the app cards stay on one line next to a visible copy button", async () => {
  const admin = await AdminApi.signIn();
  const workspaces = await admin.call<{ items: { id: string; name: string }[] }>("GET", "/workspaces?all=true&limit=200");
  const workspaceId = workspaces.items.find((w) => w.name === WORKSPACE)?.id ?? "";
  await admin.createApp(workspaceId, "A narrow app with a rather long name");
  await admin.close();
  await page.goto(page.url().replace(/\/[^/]*$/, "/apps"));
  const appId = page.getByTestId("app-id").first();
  await expect(appId).toBeVisible();
  expect(await textLines(appId)).toBe(1);
  await expectInsideViewport(page.getByTestId("copy-app-id").first());
});
