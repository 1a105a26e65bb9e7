import { mkdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { resolve } from "node:path";
import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";

export const baseUrl = () => {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run through `npm run test:e2e` so the global setup starts the server");
  return url;
};

// The committed screenshots are refreshed only on request, so `npm test` leaves the work tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, "../docs/screenshots")
  : resolve(import.meta.dirname, "../test-results/screenshots");

/** Saves a screenshot of the page (into docs/screenshots with UPDATE_SCREENSHOTS=1); waits for dialogs to finish closing unless `dialog`. */
export async function shot(page: Page, name: string, options: { dialog?: boolean } = {}): Promise<void> {
  if (!options.dialog) await expect(page.getByRole("dialog")).toHaveCount(0);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.mouse.move(0, 0); // no stray tooltips
  // Hidden tab panels keep their (idle) loading placeholders; only visible ones matter.
  await expect(page.locator('[data-testid="loading"]:visible')).toHaveCount(0);
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: false });
}

export async function signIn(page: Page, loginName: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/sign-in`);
  await page.getByTestId("login-name").fill(loginName);
  await page.getByTestId("password").fill(password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("home-page")).toBeVisible();
}

/**
 * A page of its own browser context, signed in; switched to `workspace` when given (administrators
 * start in the default one), with clipboard access when the test reads copied values.
 */
export async function signedInPage(
  browser: Browser,
  login: string,
  password: string,
  options: { workspace?: string; clipboard?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  if (options.clipboard) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
  const page = await context.newPage();
  await signIn(page, login, password);
  if (options.workspace && (await page.getByTestId("workspace-switcher").inputValue()) !== options.workspace) {
    await pick(page, "workspace-switcher", options.workspace);
    await expect(page.getByTestId("workspace-switcher")).toHaveValue(options.workspace);
  }
  return page;
}

/** Drags from a source handle to a node's input handle on the workflow canvas, as a user connects two nodes. */
export async function connectNodes(page: Page, sourceHandle: string, targetId: string): Promise<void> {
  const canvas = page.getByTestId("workflow-canvas");
  const edges = await canvas.locator(".react-flow__edge").count();
  const from = await page.getByTestId(sourceHandle).boundingBox();
  const to = await page.getByTestId(`handle-${targetId}-target`).boundingBox();
  if (!from || !to) throw new Error(`handle ${sourceHandle} or ${targetId} not visible`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(canvas.locator(".react-flow__edge")).toHaveCount(edges + 1);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("sign-in-form")).toBeVisible();
}

/**
 * Records every Content Security Policy violation in the context's pages: the browser's
 * `securitypolicyviolation` events and its "Refused to ..." console errors. A console that
 * needed an inline script or a foreign host would show up here while still looking fine.
 */
export async function watchCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding("__reportCspViolation", (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} on ${location.pathname}`);
    });
  });
  context.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  return violations;
}

/** The console's page must carry the CSP (so a clean watchCspViolations means something). */
export async function expectConsoleCsp(page: Page): Promise<void> {
  const policy = (await page.request.get(`${baseUrl()}/`)).headers()["content-security-policy"] ?? "";
  expect(policy).toContain("script-src 'self';");
  expect(policy).toContain("frame-ancestors 'none'");
}

export const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Picks an option of a Mantine Select by its visible label. */
export async function pick(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole("option", { name: option }).click();
}

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * POSTs JSON to the server's loopback address with a chosen Host header, as a client that
 * resolves the workspace-dedicated host name would.
 */
export function postWithHost(url: string, host: string, headers: Record<string, string>, body: unknown): Promise<RawResponse> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((done, fail) => {
    const req = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { ...headers, host, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => done({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", fail);
    req.end(payload);
  });
}
