import { expect, type Locator, type Page, test } from "@playwright/test";
import { baseUrl, connectNodes, expectConsoleCsp, pick, shot, signIn, watchCspViolations } from "./helpers.js";

/**
 * The workflow issue's "Must show" scenario: build Start → LLM → Condition → two Text conversion
 * branches → End in the graph editor (palette, dragged connections, config panels, variable
 * pickers), see the server's validation on the nodes, publish, run it from the test panel with
 * message_format_plus packets, and inspect the recorded run. The fake model answers
 * "Echo: <prompt>", so a Condition on "contains refund" takes its first branch.
 */
test.describe.configure({ mode: "serial" });

let page: Page;
let cspViolations: string[];
// Filled in order by the tests below (they share one page and run serially).
const ids = {} as { start: string; end: string; llm: string; condition: string; refund: string; other: string };

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  cspViolations = await watchCspViolations(context);
  page = await context.newPage();
});

test.afterAll(async () => {
  await page.context().close();
});

const canvas = () => page.getByTestId("workflow-canvas");
const nodeOf = (type: string, nth = 0): Locator => canvas().locator(`[data-testid="workflow-node"][data-node-type="${type}"]`).nth(nth);
const nodeById = (id: string): Locator => canvas().locator(`[data-testid="workflow-node"][data-node-id="${id}"]`);

async function idOf(node: Locator): Promise<string> {
  const id = await node.getAttribute("data-node-id");
  expect(id).toBeTruthy();
  return id as string;
}

/** Drags a palette item onto the canvas at a point given as fractions of the canvas size. */
async function dropNode(type: string, fx: number, fy: number): Promise<string> {
  const before = await canvas().locator(`[data-testid="workflow-node"][data-node-type="${type}"]`).count();
  const box = await canvas().boundingBox();
  if (!box) throw new Error("canvas not visible");
  await page.getByTestId(`palette-${type}`).dragTo(canvas(), { targetPosition: { x: box.width * fx, y: box.height * fy } });
  await expect(canvas().locator(`[data-testid="workflow-node"][data-node-type="${type}"]`)).toHaveCount(before + 1);
  // A new node is selected, and its settings open.
  await expect(page.getByTestId("node-config")).toHaveAttribute("data-node-type", type);
  return (await page.getByTestId("node-id").textContent()) as string;
}

/** Clicks the middle of the (straight) edge between a source handle and a node's input. */
async function clickEdge(sourceHandle: string, targetId: string): Promise<void> {
  const from = await page.getByTestId(sourceHandle).boundingBox();
  const to = await page.getByTestId(`handle-${targetId}-target`).boundingBox();
  if (!from || !to) throw new Error("edge ends not visible");
  await page.mouse.click((from.x + from.width / 2 + to.x + to.width / 2) / 2, (from.y + from.height / 2 + to.y + to.height / 2) / 2);
}

async function selectNode(id: string): Promise<void> {
  await nodeById(id).click({ position: { x: 70, y: 14 } });
  await expect(page.getByTestId("node-config")).toHaveAttribute("data-node-id", id);
}

/** Opens a field's variable picker and inserts one output of an upstream node. */
async function pickVariable(fieldTestId: string, nodeId: string, field: string): Promise<void> {
  await page.getByTestId(`${fieldTestId}-vars`).click();
  await page.locator(`[data-testid="var-option"][data-node-id="${nodeId}"][data-field="${field}"]`).click();
}

test("builds Start → LLM → Condition → two branches → End in the editor", async () => {
  await signIn(page, "admin", process.env.E2E_ADMIN_PASSWORD ?? "");
  await page.getByTestId("nav-apps").click();
  await page.getByTestId("create-app").click();
  await page.getByTestId("create-app-type").getByText("Workflow").click();
  await page.getByTestId("create-app-name").fill("Refund router");
  await page.getByTestId("create-app-submit").click();
  await expect(page.getByTestId("workflow-editor")).toBeVisible();
  await expect(canvas().locator('[data-testid="workflow-node"]')).toHaveCount(2);
  ids.start = await idOf(nodeOf("Start"));
  ids.end = await idOf(nodeOf("End"));
  expect(ids.start).toMatch(/^Start_[A-Za-z0-9]{4}$/);

  // Start and End cannot be deleted; the new graph's Start → End edge can.
  await selectNode(ids.start);
  await expect(page.getByTestId("delete-node")).toBeDisabled();
  await clickEdge(`handle-${ids.start}-out`, ids.end);
  await page.getByTestId("delete-selection").click();
  await expect(canvas().locator(".react-flow__edge")).toHaveCount(0);

  // Click to add (next to the selected node) and delete again.
  await page.getByTestId("palette-Script").click();
  await expect(page.getByTestId("node-config")).toHaveAttribute("data-node-type", "Script");
  await page.getByTestId("delete-node").click();
  await expect(nodeOf("Script")).toHaveCount(0);

  // Four spots clear of Start (left middle) and End (right middle).
  ids.llm = await dropNode("LLM", 0.2, 0.1);
  expect(ids.llm).toMatch(/^LLM_[A-Za-z0-9]{4}$/);
  ids.condition = await dropNode("Condition", 0.76, 0.1);
  ids.refund = await dropNode("TextConversion", 0.2, 0.8);
  ids.other = await dropNode("TextConversion", 0.76, 0.8);

  await connectNodes(page, `handle-${ids.start}-out`, ids.llm);
  await connectNodes(page, `handle-${ids.llm}-out`, ids.condition);
  await connectNodes(page, `handle-${ids.condition}-branch_1`, ids.refund);
  await connectNodes(page, `handle-${ids.condition}-else`, ids.other);
  await connectNodes(page, `handle-${ids.refund}-out`, ids.end);
  await connectNodes(page, `handle-${ids.other}-out`, ids.end);
  await expect(page.getByTestId("graph-counts")).toHaveText("6 nodes · 6 edges");

  // LLM: the model and a user prompt picked from Start's outputs.
  await selectNode(ids.llm);
  await page.getByTestId("node-name").fill("Answer draft");
  await page.getByTestId("llm-model").fill("fake-model");
  await page.keyboard.press("Escape");
  await pickVariable("llm-user-prompt", ids.start, "query");
  await expect(page.getByTestId("llm-user-prompt")).toHaveValue(`{{${ids.start}.query}}`);

  // Condition: LLM result contains "refund".
  await selectNode(ids.condition);
  await pickVariable("condition-left", ids.llm, "result");
  await expect(page.getByTestId("condition-left")).toHaveValue(`{{${ids.llm}.result}}`);
  await pick(page, "condition-operator", /^contains$/);
  await page.getByTestId("condition-right").fill("refund");

  // The first branch's text; the second is left empty for now.
  await selectNode(ids.refund);
  await page.getByTestId("node-name").fill("Refund reply");
  await page.getByTestId("text-template").fill("Refund route: ");
  await pickVariable("text-template", ids.llm, "result");
  await expect(page.getByTestId("text-template")).toHaveValue(`Refund route: {{${ids.llm}.result}}`);
  await selectNode(ids.other);
  await page.getByTestId("node-name").fill("Other reply");

  // End: both branches' results (a skipped branch reads as empty).
  await selectNode(ids.end);
  await page.getByTestId("end-template").fill("");
  await pickVariable("end-template", ids.refund, "result");
  await pickVariable("end-template", ids.other, "result");
  await expect(page.getByTestId("end-template")).toHaveValue(`{{${ids.refund}.result}}{{${ids.other}.result}}`);

  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("saved-badge")).toBeVisible();
});

test("publishing shows the server's validation errors on the nodes, then succeeds", async () => {
  await page.getByTestId("publish").click();
  await page.getByTestId("publish-confirm").click();
  await expect(page.getByTestId("publish-error")).toContainText("Publishing was refused");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(nodeById(ids.other)).toHaveAttribute("data-problems", "1");
  await expect(nodeById(ids.other).getByTestId("node-problem-badge")).toBeVisible();
  await expect(page.getByTestId("graph-problems")).toContainText("Other reply");

  await page.getByTestId("problem-node-link").filter({ hasText: "Other reply" }).click();
  await expect(page.getByTestId("node-problems")).toContainText("template");
  await page.getByTestId("text-template").fill("Other route: ");
  await pickVariable("text-template", ids.llm, "result");
  await expect(nodeById(ids.other)).toHaveAttribute("data-problems", "0");

  await page.getByTestId("publish").click();
  await page.getByTestId("publish-confirm").click();
  await expect(page.getByTestId("app-status").first()).toHaveAttribute("data-status", "published");
  await expect(page.getByTestId("graph-problems")).toHaveCount(0);
  await page.getByTestId("tab-versions").click();
  await expect(page.getByTestId("version-row")).toHaveCount(1);

  await page.getByTestId("tidy-up").click();
  await expect(page.getByTestId("unsaved-badge")).toBeVisible();
  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("saved-badge")).toBeVisible();
  await selectNode(ids.condition);
  await shot(page, "workflow-editor");
});

test("runs the published workflow from the test panel and streams each node's packets", async () => {
  await page.getByTestId("tab-test-run").click();
  await page.getByTestId("test-run-version").getByText("Published").click();
  await page.getByTestId("test-run-prompt").fill("I want a refund");
  await page.getByTestId("test-run-send").click();

  const answer = page.getByTestId("test-run-answer");
  await expect(answer).toHaveAttribute("data-done", "true");
  await expect(answer).toHaveText("Refund route: Echo: I want a refund");

  const packets = page.getByTestId("run-node");
  await expect(packets).toHaveCount(5); // the skipped branch sends nothing
  for (const id of [ids.start, ids.llm, ids.condition, ids.refund, ids.end]) {
    await expect(page.locator(`[data-testid="run-node"][data-node-id="${id}"]`)).toHaveAttribute("data-status", "success");
  }
  await expect(page.locator(`[data-testid="run-node"][data-node-id="${ids.other}"]`)).toHaveCount(0);
  // The LLM streamed deltas (executing packets) before its success packet.
  const llmPackets = Number(await page.locator(`[data-testid="run-node"][data-node-id="${ids.llm}"]`).getAttribute("data-packets"));
  expect(llmPackets).toBeGreaterThan(1);
  await expect(page.locator(`[data-testid="run-node"][data-node-id="${ids.llm}"]`).getByTestId("run-node-content")).toHaveText("Echo: I want a refund");
  await expect(page.locator(`[data-testid="run-node"][data-node-id="${ids.condition}"]`).getByTestId("run-node-content")).toContainText('"branch":"branch_1"');
  await expect(nodeById(ids.llm)).toHaveAttribute("data-status", "success");
  await page.getByTestId("workflow-editor").evaluate((el) => el.scrollIntoView({ block: "start" }));
  await shot(page, "workflow-run");

  // The recorded run: every node's inputs and outputs, the skipped branch included.
  const detail = page.getByTestId("test-run-detail");
  await expect(detail.getByTestId("run-summary")).toHaveAttribute("data-status", "succeeded");
  await expect(detail.locator(`[data-testid="node-run"][data-node-id="${ids.other}"]`)).toHaveAttribute("data-status", "skipped");
  const llmRun = detail.locator(`[data-testid="node-run"][data-node-id="${ids.llm}"]`);
  await expect(llmRun).toHaveAttribute("data-status", "succeeded");
  await llmRun.getByRole("button").first().click();
  await expect(llmRun.getByTestId("node-run-inputs")).toContainText("I want a refund");
  await expect(llmRun.getByTestId("node-run-outputs")).toContainText("Echo: I want a refund");
});

test("inspects the run in the run inspector", async () => {
  await page.getByTestId("tab-runs").click();
  const rows = page.getByTestId("run-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-status", "succeeded");
  await rows.first().getByRole("button").click();
  const detail = page.getByTestId("runs-panel").getByTestId("run-detail");
  await expect(detail.getByTestId("node-run")).toHaveCount(6);
  await expect(detail.locator(`[data-testid="node-run"][data-node-id="${ids.condition}"]`)).toContainText("succeeded");
  const end = detail.locator(`[data-testid="node-run"][data-node-id="${ids.end}"]`);
  await end.getByRole("button").first().click();
  await expect(end.getByTestId("node-run-outputs")).toContainText("Refund route: Echo: I want a refund");
  await expect(detail.getByTestId("run-outputs")).toContainText("Refund route");
  await page.getByTestId("runs-back").click();
  await expect(rows).toHaveCount(1);
});

test("edits an Iteration body on its own canvas", async () => {
  await page.getByTestId("tab-node").click();
  await selectNode(ids.llm);
  await page.getByTestId("palette-Iteration").click();
  await expect(page.getByTestId("node-config")).toHaveAttribute("data-node-type", "Iteration");
  const iteration = (await page.getByTestId("node-id").textContent()) as string;
  await connectNodes(page, `handle-${ids.start}-out`, iteration);
  await pickVariable("iteration-items", ids.start, "imageList");
  await expect(page.getByTestId("iteration-items")).toHaveValue(`{{${ids.start}.imageList}}`);

  await page.getByTestId("edit-iteration-body").click();
  const body = page.getByTestId("iteration-body-editor");
  await expect(body.getByTestId("iteration-body-canvas")).toBeVisible();
  // Start, End and Iteration cannot go into a body.
  await expect(body.getByTestId("palette-Iteration")).toHaveCount(0);
  await body.getByTestId("palette-TextConversion").click();
  await expect(body.getByTestId("node-config")).toHaveAttribute("data-node-type", "TextConversion");
  const inner = (await body.getByTestId("node-id").textContent()) as string;
  await body.getByTestId("text-template-vars").click();
  await page.locator(`[data-testid="var-option"][data-node-id="${iteration}"][data-field="item"]`).click();
  await expect(body.getByTestId("text-template")).toHaveValue(`{{${iteration}.item}}`);
  await body.getByTestId("iteration-body-json-tab").click();
  await expect(body.getByTestId("iteration-body-json")).toContainText(inner);
  await body.getByTestId("iteration-body-done").click();
  await expect(page.getByTestId("iteration-body-summary")).toHaveText("1 node, 0 edges");
  await pickVariable("iteration-output", inner, "result");
  await expect(nodeById(iteration)).toContainText("1 in body");

  // Not part of this workflow: delete it again.
  await page.getByTestId("delete-node").click();
  await expect(nodeById(iteration)).toHaveCount(0);
  await expect(page.getByTestId("graph-counts")).toHaveText("6 nodes · 6 edges");
});

test("rolls back to an earlier version", async () => {
  await selectNode(ids.refund);
  await page.getByTestId("node-name").fill("Refund reply v2");
  await page.getByTestId("publish").click();
  await page.getByTestId("publish-confirm").click();
  await expect(page.getByTestId("app-status").first()).toContainText("v2");
  await page.getByTestId("tab-versions").click();
  await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId("rollback").click();
  await page.getByTestId("confirm-action").click();
  await expect(page.getByTestId("app-status").first()).toContainText("v3");
  await expect(nodeById(ids.refund)).toContainText("Refund reply");
  await expect(nodeById(ids.refund)).not.toContainText("v2");
  await expect(page.getByTestId("saved-badge")).toBeVisible();
});

test("the editor is usable in a narrow window", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl()}${new URL(page.url()).pathname}`);
  await expect(page.getByTestId("workflow-canvas")).toBeVisible();
  await expect(canvas().locator('[data-testid="workflow-node"]')).toHaveCount(6);
  await expect(page.getByTestId("node-palette")).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 900 });
});

test("the editor, canvas and run inspector never broke the Content Security Policy", async () => {
  await expectConsoleCsp(page);
  expect(cspViolations).toEqual([]);
});
