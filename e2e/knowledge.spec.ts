import { type BrowserContext, expect, type Locator, type Page, test } from "@playwright/test";
import { makeDocx, makePdf } from "../packages/adapters/src/documents/testing/sample-documents.js";
import { baseUrl, connectNodes, expectConsoleCsp, pick, readClipboard, shot, signIn, watchCspViolations } from "./helpers.js";

/**
 * The knowledge issue's "Must show" scenario: upload a PDF (by drag and drop) and a DOCX (by the
 * file picker) that the test generates, each holding a fact found nowhere else; wait until both
 * are ready; see the chunk in hit testing with its document and page; configure an agent with
 * the knowledge base and "show sources"; ask in the playground and see the source with the right
 * document name and page. The fake model only echoes the prompt, so the facts on screen come from
 * retrieval (the sources panel and the agentRag thought), never from the model.
 */
test.describe.configure({ mode: "serial" });

const KB = "Product manuals";
const PDF_NAME = "zephyr-manual.pdf";
const DOCX_NAME = "orion-service.docx";
const PDF_FACT = "The Zephyr-9 valve opens at 42 kPa.";
const DOCX_FACT = "The Orion-7 pump must be serviced every 1300 operating hours.";
const FILLER =
  "This manual covers installation, daily operation and safety of the valve series. Read every section before the first start. Keep the manual next to the machine. " +
  "Wear gloves and eye protection while working on pressurised parts. Switch the system off and release the pressure before any maintenance. ";

let context: BrowserContext;
let page: Page;
let cspViolations: string[];
const state: { kbId?: string; appUrl?: string } = {};

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  cspViolations = await watchCspViolations(context);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context.close();
});

/** Moves the mouse away and waits until no tooltip is left fading out (a copy button's "Copied"). */
async function noTooltips(): Promise<void> {
  await page.mouse.move(0, 0);
  await expect(page.getByRole("tooltip")).toHaveCount(0);
}

const documentRow = (name: string): Locator => page.locator(`[data-testid="document-row"][data-document-name="${name}"]`);

/** Drops files on the upload area the way a browser does: a `drop` event carrying a DataTransfer. */
async function dropFiles(target: Locator, files: { name: string; mimeType: string; bytes: Uint8Array }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, mimeType: f.mimeType, base64: Buffer.from(f.bytes).toString("base64") }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name, { type: item.mimeType }));
    }
    return transfer;
  }, payload);
  await target.dispatchEvent("dragover", { dataTransfer });
  await expect(target).toHaveAttribute("data-over", "true");
  await target.dispatchEvent("drop", { dataTransfer });
}

test("creates a knowledge base and copies its ID", async () => {
  await signIn(page, "admin", process.env.E2E_ADMIN_PASSWORD ?? "");
  await page.getByTestId("nav-knowledge").click();
  await expect(page.getByTestId("knowledge-page")).toBeVisible();
  await page.getByTestId("create-kb").click();
  await page.getByTestId("kb-name").fill(KB);
  await page.getByTestId("kb-description").fill("Manuals of the valves and pumps we sell");
  // Small chunks, so page 2 of the PDF starts a chunk of its own.
  await page.getByTestId("kb-chunk-tokens").fill("60");
  await page.getByTestId("kb-overlap-tokens").fill("0");
  await page.getByTestId("kb-submit").click();

  await expect(page.getByTestId("kb-page")).toBeVisible();
  state.kbId = (await page.getByTestId("kb-detail-id").textContent()) ?? undefined;
  expect(state.kbId).toMatch(/^[a-z0-9]{10}$/);
  await expect(page.getByTestId("kb-status")).toHaveAttribute("data-status", "empty");
  await page.getByTestId("kb-detail-copy-id").click();
  expect(await readClipboard(page)).toBe(state.kbId);
  await noTooltips();
});

test("uploads a PDF by drag and drop and a DOCX with the file picker, and both become ready", async () => {
  const pdf = await makePdf([
    [FILLER, FILLER],
    ["Valve pressure", PDF_FACT],
  ]);
  const docx = await makeDocx([{ heading: "Service intervals" }, DOCX_FACT]);

  await page.getByTestId("upload-tags").fill("manual");
  await page.keyboard.press("Enter");
  await dropFiles(page.getByTestId("upload-dropzone"), [{ name: PDF_NAME, mimeType: "application/pdf", bytes: pdf }]);
  await page.getByTestId("upload-input").setInputFiles({
    name: DOCX_NAME,
    mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    buffer: Buffer.from(docx),
  });

  // One progress row per file, each finishing on its own.
  for (const name of [PDF_NAME, DOCX_NAME]) {
    await expect(page.locator(`[data-testid="upload-item"][data-file-name="${name}"]`)).toHaveAttribute("data-state", "done");
  }
  await expect(documentRow(PDF_NAME)).toHaveAttribute("data-status", "ready", { timeout: 90_000 });
  await expect(documentRow(DOCX_NAME)).toHaveAttribute("data-status", "ready", { timeout: 90_000 });
  await expect(documentRow(PDF_NAME).getByTestId("document-tag")).toHaveText(["manual"]);
  await expect(documentRow(PDF_NAME)).toContainText("PDF");
  await expect(page.getByTestId("kb-status")).toHaveAttribute("data-status", "ready");
  await shot(page, "knowledge-documents");
});

test("lists the PDF's chunks with their pages, and edits, disables and enables one", async () => {
  await documentRow(PDF_NAME).getByTestId("document-link").click();
  await expect(page.getByTestId("document-page")).toBeVisible();
  // The original file downloads as uploaded.
  const download = page.waitForEvent("download");
  await page.getByTestId("document-download").click();
  expect((await download).suggestedFilename()).toBe(PDF_NAME);
  const fact = page.getByTestId("chunk").filter({ hasText: "42 kPa" });
  await expect(fact).toHaveCount(1);
  await expect(fact.getByTestId("chunk-page")).toHaveText("page 2");
  await expect(page.getByTestId("chunk").first().getByTestId("chunk-page")).toHaveText("page 1");

  // A chunk without the fact: edit it, then disable and enable it again.
  const first = page.getByTestId("chunk").first();
  await first.getByTestId("chunk-edit").click();
  await page.getByTestId("chunk-text-input").fill(`${FILLER.trim()} Edited in the console.`);
  await page.getByTestId("chunk-submit").click();
  await expect(first.getByTestId("chunk-text")).toContainText("Edited in the console.");
  await expect(first).toContainText("edited");
  await first.getByTestId("chunk-enabled").click({ force: true });
  await expect(first).toHaveAttribute("data-enabled", "false");
  await first.getByTestId("chunk-enabled").click({ force: true });
  await expect(first).toHaveAttribute("data-enabled", "true");
  await shot(page, "knowledge-chunks");
  await page.getByRole("link", { name: "← Knowledge base" }).click();
  await expect(page.getByTestId("kb-page")).toBeVisible();
});

test("hit testing shows the chunk with its document, page and retriever scores", async () => {
  await page.getByTestId("tab-hit-testing").click();
  await page.getByTestId("hit-query").fill("Zephyr-9 valve opening pressure");
  await page.getByTestId("hit-run").click();
  const best = page.getByTestId("hit").first();
  await expect(best).toHaveAttribute("data-rank", "1");
  await expect(best.getByTestId("hit-text")).toContainText("42 kPa");
  await expect(best.getByTestId("hit-document")).toHaveText(PDF_NAME);
  await expect(best.getByTestId("chunk-page")).toHaveText("page 2");
  await expect(best.getByTestId("hit-fulltext")).toContainText("#1");

  await page.getByTestId("hit-query").fill("Orion-7 pump service interval");
  await page.getByTestId("hit-run").click();
  await expect(page.getByTestId("hit").first().getByTestId("hit-text")).toContainText("1300 operating hours");
  await expect(page.getByTestId("hit").first().getByTestId("hit-document")).toHaveText(DOCX_NAME);
  await shot(page, "knowledge-hit-testing");
});

test("an agent with the knowledge base cites the PDF's page 2 and the DOCX in the playground", async () => {
  await page.getByTestId("nav-apps").click();
  await page.getByTestId("create-app").click();
  await page.getByTestId("create-app-name").fill("Manual assistant");
  await page.getByTestId("create-app-submit").click();
  await expect(page.getByTestId("agent-config-form")).toBeVisible();
  state.appUrl = page.url();

  await page.getByTestId("agent-model").fill("fake-model");
  await page.keyboard.press("Escape");
  await pick(page, "agent-knowledge-bases", new RegExp(KB));
  await page.keyboard.press("Escape");
  await page.getByTestId("agent-knowledge-show-sources").click({ force: true });
  await page.getByTestId("agent-knowledge-no-match").getByText("Fixed reply").click();
  await page.getByTestId("agent-knowledge-fixed-reply").fill("Sorry, the manuals do not say.");
  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("unsaved-badge")).toHaveCount(0);

  await page.getByTestId("playground-prompt").fill("At what pressure does the Zephyr-9 valve open?");
  await page.getByTestId("playground-send").click();
  const answer = page.getByTestId("playground-answer").last();
  await expect(answer).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("playground-error")).toHaveCount(0);
  const source = page.getByTestId("playground-source").filter({ hasText: "42 kPa" });
  await expect(source).toHaveCount(1);
  await expect(source).toHaveAttribute("data-doc-name", PDF_NAME);
  await expect(source).toHaveAttribute("data-page", "2");
  await expect(source.getByTestId("source-page")).toHaveText("page 2");

  // The retrieval step is in the thoughts panel, with the chunk it found.
  await page.getByTestId("thoughts").last().getByRole("button").first().click();
  const rag = page.locator('[data-testid="thought"][data-action-type="agentRag"]').last();
  await expect(rag).toContainText("Zephyr-9");
  await expect(rag.getByTestId("rag-hit").first()).toContainText(PDF_NAME);
  await shot(page, "agent-playground-sources");

  await page.getByTestId("playground-prompt").fill("How often must the Orion-7 pump be serviced?");
  await page.getByTestId("playground-send").click();
  await expect(page.getByTestId("playground-answer").last()).toHaveAttribute("data-done", "true");
  const docxSource = page.getByTestId("playground-sources").last().getByTestId("playground-source").filter({ hasText: "1300 operating hours" });
  await expect(docxSource).toHaveCount(1);
  await expect(docxSource).toHaveAttribute("data-doc-name", DOCX_NAME);
});

test("a workflow's Knowledge retrieval node feeds its result list to the End node", async () => {
  await page.getByTestId("nav-apps").click();
  await page.getByTestId("create-app").click();
  await page.getByTestId("create-app-type").getByText("Workflow").click();
  await page.getByTestId("create-app-name").fill("Manual lookup");
  await page.getByTestId("create-app-submit").click();
  const canvas = page.getByTestId("workflow-canvas");
  await expect(canvas.locator('[data-testid="workflow-node"]')).toHaveCount(2);
  const start = (await canvas.locator('[data-testid="workflow-node"][data-node-type="Start"]').getAttribute("data-node-id")) as string;
  const end = (await canvas.locator('[data-testid="workflow-node"][data-node-type="End"]').getAttribute("data-node-id")) as string;

  const select = async (id: string) => {
    await canvas.locator(`[data-testid="workflow-node"][data-node-id="${id}"]`).click({ position: { x: 70, y: 14 } });
    await expect(page.getByTestId("node-config")).toHaveAttribute("data-node-id", id);
  };
  await select(start);
  await page.getByTestId("palette-KnowledgeRetrieval").click();
  await expect(page.getByTestId("node-config")).toHaveAttribute("data-node-type", "KnowledgeRetrieval");
  const retrieval = (await page.getByTestId("node-id").textContent()) as string;

  // Not connected yet: End's variable picker offers only the nodes that run before it.
  await select(end);
  await page.getByTestId("end-template-vars").click();
  await expect(page.locator(`[data-testid="var-option"][data-node-id="${start}"]`).first()).toBeVisible();
  await expect(page.locator(`[data-testid="var-option"][data-node-id="${retrieval}"]`)).toHaveCount(0);
  await page.keyboard.press("Escape");
  // Start → retrieval → End, next to the new graph's Start → End edge.
  await connectNodes(page, `handle-${start}-out`, retrieval);
  await connectNodes(page, `handle-${retrieval}-out`, end);

  await select(retrieval);
  await page.getByTestId("kr-query-vars").click();
  await page.locator(`[data-testid="var-option"][data-node-id="${start}"][data-field="query"]`).click();
  await expect(page.getByTestId("kr-query")).toHaveValue(`{{${start}.query}}`);
  await pick(page, "kr-knowledge-bases", new RegExp(KB));
  await page.keyboard.press("Escape");

  await select(end);
  await page.getByTestId("end-template").fill("");
  await page.getByTestId("end-template-vars").click();
  const option = page.locator(`[data-testid="var-option"][data-node-id="${retrieval}"][data-field="result"]`);
  await expect(option).toContainText("Array<Object>");
  await option.click();
  await expect(page.getByTestId("end-template")).toHaveValue(`{{${retrieval}.result}}`);
  await page.getByTestId("tidy-up").click();
  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("saved-badge")).toBeVisible();

  await select(retrieval);
  await shot(page, "workflow-knowledge-retrieval");

  await page.getByTestId("tab-test-run").click();
  await page.getByTestId("test-run-prompt").fill("Zephyr-9 valve pressure");
  await page.getByTestId("test-run-send").click();
  const answer = page.getByTestId("test-run-answer");
  await expect(answer).toHaveAttribute("data-done", "true");
  await expect(answer).toContainText("42 kPa");
});

test("memory stores: create, copy the ID, add, edit and delete nodes", async () => {
  await page.getByTestId("nav-memory").click();
  await expect(page.getByTestId("memory-page")).toBeVisible();
  await page.getByTestId("create-memory").click();
  await page.getByTestId("memory-description").fill("End user 4711");
  await page.getByTestId("memory-submit").click();
  await expect(page.getByTestId("memory-store-page")).toBeVisible();
  const memoryId = (await page.getByTestId("memory-detail-id").textContent()) as string;
  expect(memoryId).toMatch(/^[0-9a-f]{32}$/);

  await page.getByTestId("add-memory-node").click();
  await page.getByTestId("memory-node-content").fill("Prefers metric units.");
  await page.getByTestId("memory-node-submit").click();
  await page.getByTestId("add-memory-node").click();
  await page.getByTestId("memory-node-content").fill("Owns a Zephyr-9 valve.");
  await page.getByTestId("memory-node-submit").click();
  await expect(page.getByTestId("memory-node-row")).toHaveCount(2);

  const metric = page.getByTestId("memory-node-row").filter({ hasText: "metric" });
  await metric.getByTestId("memory-node-edit").click();
  await page.getByTestId("memory-node-content").fill("Prefers metric units and short answers.");
  await page.getByTestId("memory-node-submit").click();
  await expect(page.getByTestId("memory-node-text")).toContainText(["Prefers metric units and short answers."]);
  await shot(page, "memory-store");

  await page.getByTestId("memory-node-row").filter({ hasText: "Zephyr-9" }).getByTestId("memory-node-delete").click();
  await page.getByTestId("confirm-action").click();
  await expect(page.getByTestId("memory-node-row")).toHaveCount(1);

  await page.getByTestId("nav-memory").click();
  const row = page.locator(`[data-testid="memory-row"][data-memory-id="${memoryId}"]`);
  await expect(row).toContainText("End user 4711");
  await row.getByTestId("copy-memory-id").click();
  expect(await readClipboard(page)).toBe(memoryId);
  await noTooltips();
  await shot(page, "memory");
});

test("a memory-enabled agent recalls the memory store in the playground", async () => {
  await page.goto(state.appUrl ?? "");
  await expect(page.getByTestId("agent-config-form")).toBeVisible();
  await expect(page.getByTestId("playground-memory-id")).toHaveCount(0);
  await page.getByTestId("agent-long-term-memory").click({ force: true });
  await page.getByTestId("save-draft").click();
  await expect(page.getByTestId("unsaved-badge")).toHaveCount(0);

  await pick(page, "playground-memory-id", /End user 4711/);
  await page.getByTestId("playground-prompt").fill("Which units do I like?");
  await page.getByTestId("playground-send").click();
  await expect(page.getByTestId("playground-answer").last()).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("playground-error")).toHaveCount(0);
  await page.getByTestId("thoughts").last().getByRole("button").first().click();
  const recall = page.getByTestId("thought").filter({ hasText: "Long-term memory retrieval" }).last();
  await expect(recall).toContainText("Prefers metric units and short answers.");
});

test("a read-only member sees knowledge bases and can test retrieval, but every write action is disabled", async ({ browser }) => {
  const headers = { origin: baseUrl() };
  const user = await page.request.post(`${baseUrl()}/manage/v1/users`, {
    headers,
    data: { loginName: "reader", password: "reader-password-1", policies: ["ReadOnlyAccess"] },
  });
  expect(user.status(), await user.text()).toBe(201);
  const workspaces = (await (await page.request.get(`${baseUrl()}/manage/v1/workspaces`)).json()) as { items: { id: string; isDefault: boolean }[] };
  const workspaceId = workspaces.items.find((w) => w.isDefault)?.id ?? "";
  const member = await page.request.post(`${baseUrl()}/manage/v1/workspaces/${workspaceId}/members`, {
    headers,
    data: { userId: ((await user.json()) as { id: string }).id, role: "member" },
  });
  expect(member.ok(), await member.text()).toBe(true);

  const readerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const reader = await readerContext.newPage();
  await signIn(reader, "reader", "reader-password-1");
  await reader.getByTestId("nav-knowledge").click();
  await expect(reader.getByTestId("create-kb")).toBeDisabled();
  await reader.getByTestId("write-denied").first().hover();
  await expect(reader.getByRole("tooltip")).toContainText("ReadOnlyAccess");
  const row = reader.locator(`[data-testid="kb-row"][data-kb-id="${state.kbId}"]`);
  await expect(row.getByTestId("kb-edit")).toBeDisabled();
  await expect(row.getByTestId("kb-delete")).toBeDisabled();

  await row.getByTestId("kb-link").click();
  await expect(reader.getByTestId("upload-pick")).toBeDisabled();
  await expect(reader.getByTestId("upload-denied")).toContainText("ReadOnlyAccess");
  await reader.locator(`[data-testid="document-row"][data-document-name="${PDF_NAME}"]`).getByTestId("document-actions").click();
  await expect(reader.getByTestId("document-reindex")).toBeDisabled();
  await expect(reader.getByTestId("document-delete")).toBeDisabled();
  await expect(reader.getByTestId("document-download")).toBeEnabled();
  await reader.keyboard.press("Escape");

  await reader.getByTestId("tab-hit-testing").click();
  await reader.getByTestId("hit-query").fill("Zephyr-9 valve");
  await reader.getByTestId("hit-run").click();
  await expect(reader.getByTestId("hit").first().getByTestId("hit-text")).toContainText("42 kPa");
  await readerContext.close();
});

test("the knowledge base list shows the counts; the ID copies from the table", async () => {
  await page.getByTestId("nav-knowledge").click();
  const row = page.locator(`[data-testid="kb-row"][data-kb-id="${state.kbId}"]`);
  await expect(row).toContainText(KB);
  await expect(row.getByTestId("kb-status")).toHaveAttribute("data-status", "ready");
  await row.getByTestId("copy-kb-id").click();
  expect(await readClipboard(page)).toBe(state.kbId);
  await noTooltips();
  await shot(page, "knowledge");
});

test("no knowledge page broke the Content Security Policy", async () => {
  await expectConsoleCsp(page);
  expect(cspViolations).toEqual([]);
});
