import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { AdminApi } from "./api-setup.js";
import { seriousA11yFindings } from "./axe-findings.js";
import { baseUrl, signIn } from "./helpers.js";

/**
 * axe-core over every page of the console (and its main dialog), in light and dark mode: no
 * serious or critical findings. Findings are fixed in the console, never by disabling rules.
 */
const paths: string[] = [
  "/",
  "/apps",
  "/knowledge",
  "/memory",
  "/api-keys",
  "/members",
  "/logs",
  "/users",
  "/providers",
  "/workspaces",
  "/mcp-services",
  "/access-keys",
];

test.beforeAll(async () => {
  const admin = await AdminApi.signIn();
  const workspaces = await admin.call<{ items: { id: string; isDefault: boolean; region: string }[] }>("GET", "/workspaces?all=true&limit=200");
  const workspaceId = workspaces.items.find((w) => w.isDefault && w.region === workspaces.items[0]?.region)?.id ?? "";
  const agent = await admin.createApp(workspaceId, `Axe agent ${Date.now()}`);
  const workflow = await admin.createApp(workspaceId, `Axe workflow ${Date.now()}`, "workflow");
  const kb = await admin.call<{ id: string }>("POST", "/knowledge-bases", { workspaceId, name: `Axe knowledge ${Date.now()}` });
  const memory = await admin.call<{ id: string }>("POST", "/memories", { workspaceId, description: "axe" });
  // Rows on the MCP services and AccessKeys pages (adding a service does not connect to it).
  await admin.call("POST", "/mcp-services", {
    workspaceId,
    name: `axe-${Date.now()}`,
    url: "http://127.0.0.1:9/mcp",
    headers: { Authorization: "Bearer axe" },
  });
  await admin.call("POST", "/access-keys", {});
  paths.push(`/apps/${agent}`, `/apps/${workflow}`, `/knowledge/${kb.id}`, `/memory/${memory.id}`);
  await admin.close();
});

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} mode`, () => {
    let context: BrowserContext;
    let page: Page;
    test.beforeAll(async ({ browser }) => {
      context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
    });
    test.afterAll(() => context?.close());

    test("the sign-in page", async () => {
      await page.goto(`${baseUrl()}/sign-in`);
      await expect(page.getByTestId("sign-in-form")).toBeVisible();
      expect(await seriousA11yFindings(page)).toEqual([]);
    });

    test("every signed-in page and the Workspace ID dialog", async () => {
      await signIn(page, "admin", process.env.E2E_ADMIN_PASSWORD ?? "");
      const findings: string[] = [];
      for (const path of paths) {
        await page.goto(`${baseUrl()}${path}`);
        await expect(page.locator("main")).toBeVisible();
        await expect(page.locator('[data-testid="loading"]:visible')).toHaveCount(0);
        findings.push(...(await seriousA11yFindings(page)));
      }
      await page.getByTestId("workspace-id-button").click();
      await expect(page.getByRole("dialog", { name: "Workspace ID" })).toBeVisible();
      findings.push(...(await seriousA11yFindings(page)));
      expect(findings).toEqual([]);
    });
  });
}
