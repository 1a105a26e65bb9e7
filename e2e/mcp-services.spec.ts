import { expect, type Page, test } from "@playwright/test";
import { startTestMcpServer, type TestMcpServer } from "../packages/adapters/src/mcp/testing/test-mcp-server.js";
import { type FakeModelServer, startFakeModelServer } from "../packages/core/src/testing/fake-model-server.js";
import { AdminApi } from "./api-setup.js";
import { seriousA11yFindings } from "./axe-findings.js";
import { connectNodes, pick, signedInPage } from "./helpers.js";

/**
 * MCP services end to end: the console adds, tests, edits and deletes a service that points at a
 * real MCP server on 127.0.0.1 (the tests' own, made with the MCP SDK), its header values are never
 * shown after saving, an agent attaches it and answers through its tool in the playground, and a
 * workflow's MCP node calls it. A ReadOnlyAccess admin may look and test, not change.
 */
test.describe.configure({ mode: "serial" });

const WORKSPACE = "MCP WS";
const SERVICE = "e2e-tools";
const HEADER_SECRET = "Bearer mcp-header-secret-7f3a";
const MODEL = "mcp-e2e-model";
const READER = "mcp-reader";
const PASSWORD = "mcp-reader-password-1";

let admin: AdminApi;
let mcp: TestMcpServer;
let model: FakeModelServer;
let providerId: string;
let workspaceId: string;
let serviceId: string;
let page: Page;
/** Sessions of this spec: in the MCP workspace, wide enough for the workflow canvas. */
const IN_WORKSPACE = { workspace: WORKSPACE, viewport: { width: 1440, height: 900 } };

/** The tool names each chat request to the fake model offered. */
const offeredTools: string[][] = [];

test.beforeAll(async ({ browser }) => {
  mcp = await startTestMcpServer();
  // A model of this spec's own: it calls the offered `…__echo` tool with the user's prompt, then
  // reports what the tool answered.
  model = await startFakeModelServer({ models: [MODEL] });
  model.setDefault((req) => {
    const messages = req.body.messages ?? [];
    const tools = (req.body.tools ?? []).map((t) => t.function.name);
    offeredTools.push(tools);
    const last = messages.at(-1);
    if (last?.role === "tool") return { text: `The tool answered: ${String(last.content)}` };
    const echo = tools.find((name) => name.endsWith("__echo"));
    const prompt = [...messages].reverse().find((m) => m.role === "user")?.content;
    return echo ? { toolCalls: [{ name: echo, arguments: { text: String(prompt) } }] } : {};
  });

  admin = await AdminApi.signIn();
  providerId = (await admin.call<{ id: string }>("POST", "/providers", { name: "mcp-e2e", baseUrl: model.url, models: [MODEL] })).id;
  workspaceId = await admin.createWorkspace(WORKSPACE);
  const reader = await admin.createUser(READER, PASSWORD, ["ReadOnlyAccess"]);
  await admin.setMember(workspaceId, reader, "admin");

  page = await signedInPage(browser, "admin", process.env.E2E_ADMIN_PASSWORD ?? "", IN_WORKSPACE);
});

test.afterAll(async () => {
  await page?.context().close();
  if (providerId) await admin.call("DELETE", `/providers/${providerId}`);
  await admin?.close();
  await mcp?.close();
  await model?.close();
});

const serviceRow = () => page.locator(`[data-testid="mcp-row"][data-mcp-name="${SERVICE}"]`);

/** Opens the connection test of the service and returns the tools it lists, with whether apps may use them. */
async function testConnection(p: Page): Promise<Record<string, boolean>> {
  await p.locator(`[data-testid="mcp-row"][data-mcp-name="${SERVICE}"]`).getByTestId("mcp-test").click();
  const dialog = p.getByRole("dialog", { name: `Tools of ${SERVICE}` });
  await expect(dialog.getByTestId("mcp-tools-result")).toBeVisible();
  expect(await seriousA11yFindings(p)).toEqual([]);
  const tools: Record<string, boolean> = {};
  for (const row of await dialog.getByTestId("mcp-tool-row").all()) {
    tools[(await row.getAttribute("data-tool-name")) ?? ""] = (await row.getAttribute("data-allowed")) === "true";
  }
  await dialog.getByRole("button", { name: "Close dialog" }).click();
  await expect(dialog).toBeHidden();
  return tools;
}

test("adds an MCP service with a header that is never shown again", async () => {
  await page.getByTestId("nav-mcp").click();
  await expect(page.getByTestId("mcp-empty")).toBeVisible();
  await page.getByTestId("create-mcp").click();
  await page.getByTestId("mcp-name").fill(SERVICE);
  await page.getByTestId("mcp-url").fill(mcp.url);
  await page.getByTestId("mcp-headers").fill(`Authorization: ${HEADER_SECRET}`);
  await page.getByTestId("mcp-tools").fill("echo, add");
  await page.getByTestId("mcp-submit").click();
  await expect(page.getByTestId("mcp-form")).toBeHidden();

  await expect(serviceRow()).toBeVisible();
  serviceId = (await serviceRow().getAttribute("data-mcp-id")) ?? "";
  expect(serviceId).not.toBe("");
  await expect(serviceRow()).toContainText(mcp.url);
  await expect(serviceRow()).toContainText("Authorization");
  await expect(serviceRow()).toContainText("echo, add");
  await expect(page.locator("body")).not.toContainText("mcp-header-secret");
  // Nor does the API the page reads carry it.
  expect(JSON.stringify(await admin.call("GET", `/mcp-services/${serviceId}`))).not.toContain("mcp-header-secret");
  expect(await seriousA11yFindings(page)).toEqual([]);
});

test("the Test button connects and lists the test server's tools, sending the stored header", async () => {
  mcp.requests.length = 0;
  expect(await testConnection(page)).toEqual({ echo: true, add: true, fail: false, wait: false, hidden: false });
  expect(mcp.requests.length).toBeGreaterThan(0);
  expect(mcp.requests.every((r) => r.headers.authorization === HEADER_SECRET)).toBe(true);
});

test("editing keeps the stored header unless a new one is entered", async () => {
  await serviceRow().getByTestId("mcp-edit").click();
  await expect(page.getByTestId("mcp-form")).toBeVisible();
  await expect(page.getByTestId("mcp-headers")).toHaveValue("");
  await expect(page.getByTestId("mcp-form")).toContainText("Stored: Authorization (values hidden)");
  await expect(page.getByTestId("mcp-form")).not.toContainText("mcp-header-secret");
  await expect(page.getByTestId("mcp-tools")).toHaveValue("echo, add");
  expect(await seriousA11yFindings(page)).toEqual([]);
  await page.getByTestId("mcp-tools").fill("echo");
  await page.getByTestId("mcp-submit").click();
  await expect(page.getByTestId("mcp-form")).toBeHidden();
  await expect(serviceRow()).toContainText("echo");
  await expect(serviceRow()).not.toContainText("add");

  mcp.requests.length = 0;
  expect(await testConnection(page)).toEqual({ echo: true, add: false, fail: false, wait: false, hidden: false });
  expect(mcp.requests.every((r) => r.headers.authorization === HEADER_SECRET)).toBe(true);
});

test("a bad header line is refused in the form, with nothing saved", async () => {
  await serviceRow().getByTestId("mcp-edit").click();
  await page.getByTestId("mcp-headers").fill("no colon here");
  await page.getByTestId("mcp-submit").click();
  await expect(page.getByTestId("mcp-form")).toContainText("must look like 'Name: value'");
  await page.getByTestId("mcp-form").getByRole("button", { name: "Cancel" }).click();
  mcp.requests.length = 0;
  await testConnection(page);
  expect(mcp.requests.every((r) => r.headers.authorization === HEADER_SECRET)).toBe(true);
});

test("an agent attaches the service, chooses a tool, and answers through it in the playground", async () => {
  const appId = await admin.createApp(workspaceId, "MCP agent");
  await page.getByTestId("nav-apps").click();
  await page.getByRole("link", { name: "MCP agent" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${appId}`));
  await page.getByTestId("agent-model").fill(MODEL);
  await page.keyboard.press("Escape");

  await pick(page, "agent-mcp-services", new RegExp(SERVICE));
  await page.keyboard.press("Escape");
  const tools = page.getByRole("combobox", { name: `Tools of ${SERVICE}` });
  await tools.fill("echo");
  await tools.press("Enter");
  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("unsaved-badge")).toHaveCount(0);
  const app = await admin.call<{ draft: { mcpServices?: unknown } }>("GET", `/apps/${appId}`);
  expect(app.draft.mcpServices).toEqual([{ serviceId, tools: ["echo"] }]);
  expect(await seriousA11yFindings(page)).toEqual([]);

  mcp.calls.length = 0;
  offeredTools.length = 0;
  await page.getByTestId("playground-prompt").fill("ping from the browser");
  await page.getByTestId("playground-send").click();
  const answer = page.getByTestId("playground-answer").last();
  await expect(answer).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("playground-error")).toHaveCount(0);
  // Only the chosen tool of the attached service was offered to the model, and the model called it.
  expect(offeredTools[0]).toEqual([`${SERVICE}__echo`]);
  expect(mcp.calls).toEqual([{ name: "echo", arguments: { text: "ping from the browser" } }]);
  await expect(answer).toHaveText("The tool answered: echo: ping from the browser");

  // The tool call is one of the turn's thoughts, with its input and observation.
  await page.getByTestId("thoughts").getByRole("button").first().click();
  await expect(page.getByTestId("thought").filter({ hasText: "echo: ping from the browser" })).toBeVisible();
});

test("a workflow's MCP node calls the service's tool", async () => {
  const appId = await admin.createApp(workspaceId, "MCP flow", "workflow");
  await page.getByTestId("nav-apps").click();
  await page.getByRole("link", { name: "MCP flow" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${appId}`));
  const canvas = page.getByTestId("workflow-canvas");
  const startId = (await canvas.locator('[data-testid="workflow-node"][data-node-type="Start"]').getAttribute("data-node-id")) ?? "";
  const endId = (await canvas.locator('[data-testid="workflow-node"][data-node-type="End"]').getAttribute("data-node-id")) ?? "";

  // Clicking a palette item adds the node next to the selected one and opens its settings.
  await canvas.locator(`[data-testid="workflow-node"][data-node-id="${startId}"]`).click({ position: { x: 70, y: 14 } });
  await page.getByTestId("palette-MCP").click();
  await expect(page.getByTestId("node-config")).toHaveAttribute("data-node-type", "MCP");
  const mcpId = (await page.getByTestId("node-id").textContent()) ?? "";
  expect(mcpId).toMatch(/^MCP_/);

  await pick(page, "mcp-service", new RegExp(SERVICE));
  await expect(page.getByTestId("node-config")).toContainText("Allowed: echo");
  expect(await seriousA11yFindings(page)).toEqual([]);
  await page.getByTestId("mcp-tool").fill("echo");
  await page.getByTestId("mcp-arguments-add").click();
  const argument = page.getByTestId("mcp-arguments-row").first();
  await argument.getByRole("textbox", { name: "Name" }).fill("text");
  await argument.getByRole("textbox", { name: "Value" }).fill(`{{${startId}.query}}`);

  await connectNodes(page, `handle-${startId}-out`, mcpId);
  await connectNodes(page, `handle-${mcpId}-out`, endId);
  await canvas.locator(`[data-testid="workflow-node"][data-node-id="${endId}"]`).click({ position: { x: 70, y: 14 } });
  await page.getByTestId("end-template").fill(`{{${mcpId}.result}}`);
  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("saved-badge")).toBeVisible();

  mcp.calls.length = 0;
  await page.getByTestId("tab-test-run").click();
  await page.getByTestId("test-run-prompt").fill("hello from a workflow");
  await page.getByTestId("test-run-send").click();
  const answer = page.getByTestId("test-run-answer");
  await expect(answer).toHaveAttribute("data-done", "true");
  await expect(answer).toHaveText("echo: hello from a workflow");
  expect(mcp.calls).toEqual([{ name: "echo", arguments: { text: "hello from a workflow" } }]);
});

test("a ReadOnlyAccess admin can look and test, but not add, edit or delete", async ({ browser }) => {
  const reader = await signedInPage(browser, READER, PASSWORD, IN_WORKSPACE);
  await reader.getByTestId("nav-mcp").click();
  const row = reader.locator(`[data-testid="mcp-row"][data-mcp-name="${SERVICE}"]`);
  await expect(row).toBeVisible();
  await expect(reader.getByTestId("create-mcp")).toBeDisabled();
  await expect(row.getByTestId("mcp-edit")).toBeDisabled();
  await expect(row.getByTestId("mcp-delete")).toBeDisabled();
  await reader
    .getByTestId("write-denied")
    .filter({ has: reader.getByTestId("create-mcp") })
    .hover();
  await expect(reader.getByRole("tooltip")).toContainText("ReadOnlyAccess");
  await reader.mouse.move(0, 0);
  expect(await testConnection(reader)).toMatchObject({ echo: true });
  await reader.context().close();
});

test("deletes the service", async () => {
  await page.getByTestId("nav-mcp").click();
  await serviceRow().getByTestId("mcp-delete").click();
  await page.getByTestId("confirm-action").click();
  await expect(page.getByTestId("mcp-empty")).toBeVisible();
  const list = await admin.call<{ items: unknown[] }>("GET", `/mcp-services?workspaceId=${workspaceId}`);
  expect(list.items).toEqual([]);
});
