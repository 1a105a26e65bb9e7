import BailianModule, * as $Bailian from "@alicloud/bailian20231229";
import { expect, type Page, test } from "@playwright/test";
import { AdminApi } from "./api-setup.js";
import { seriousA11yFindings } from "./axe-findings.js";
import { baseUrl, readClipboard, signedInPage } from "./helpers.js";

/**
 * The AccessKeys page end to end: a pair is created with its secret shown once (copy buttons),
 * the copied pair signs a real Bailian call with Alibaba Cloud's official client, and disable,
 * enable and delete take effect on signed calls at once. An administrator manages the keys of a
 * user below them; that user finds them on their own page.
 */
test.describe.configure({ mode: "serial" });

const WORKSPACE = "AccessKeys WS";
const AGENT = "AccessKey agent";
const PASSWORD = "ak-password-12345";
const CONTROL = "ak-control";
const MEMBER = "ak-member";
const READER = "ak-reader";

// CommonJS with `exports.default = Client`: Node's ESM loader puts the class at `.default`.
type ClientClass = typeof BailianModule.default;
const loaded = BailianModule as unknown as ClientClass | { default: ClientClass };
const BailianClient: ClientClass = typeof loaded === "function" ? loaded : loaded.default;

interface Pair {
  id: string;
  secret: string;
}

let admin: AdminApi;
let workspaceId: string;
let page: Page;
let pair: Pair;

/** Alibaba Cloud's official Bailian client, signing with the pair, pointed at the e2e server. */
const bailian = (key: Pair) =>
  new BailianClient({ accessKeyId: key.id, accessKeySecret: key.secret, endpoint: new URL(baseUrl()).host, protocol: "HTTP", regionId: "cn-beijing" } as never);

/** The error code the client threw. */
async function codeOf(call: Promise<unknown>): Promise<{ code: string }> {
  try {
    await call;
  } catch (err) {
    return { code: String((err as { code?: string }).code) };
  }
  throw new Error("the signed call was not refused");
}

/** ListPublishedAgent signed with the pair; the agents' names, or the error code. */
async function listAgents(key: Pair): Promise<{ names: string[] } | { code: string }> {
  try {
    const response = await bailian(key).listPublishedAgent(workspaceId, new $Bailian.ListPublishedAgentRequest({ pageNo: 1, pageSize: 10 }));
    return { names: (response.body?.data?.list ?? []).map((a) => a.name ?? "") };
  } catch (err) {
    return { code: String((err as { code?: string }).code) };
  }
}

/** Creates a pair on the open AccessKeys page; checks the one-time dialog and returns the pair copied from it. */
async function createPair(p: Page): Promise<Pair> {
  await p.getByTestId("create-access-key").click();
  const dialog = p.getByRole("dialog", { name: "AccessKey created" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("access-key-id")).toHaveText(/^LTAI[A-Za-z0-9]{20}$/);
  await dialog.getByTestId("copy-access-key-id").click();
  const id = await readClipboard(p);
  await dialog.getByTestId("copy-access-key-secret").click();
  const secret = await readClipboard(p);
  await expect(dialog.getByTestId("access-key-id")).toHaveText(id);
  await expect(dialog.getByTestId("access-key-secret")).toHaveText(secret);
  expect(secret.length).toBeGreaterThanOrEqual(30);
  expect(await seriousA11yFindings(p)).toEqual([]);
  await dialog.getByTestId("access-key-secret-done").click();
  await expect(dialog).toBeHidden();
  return { id, secret };
}

const rowOf = (p: Page, id: string) => p.locator(`[data-testid="access-key-row"][data-access-key-id="${id}"]`);

test.beforeAll(async ({ browser }) => {
  admin = await AdminApi.signIn();
  workspaceId = await admin.createWorkspace(WORKSPACE);
  const appId = await admin.createApp(workspaceId, AGENT);
  await admin.call("POST", `/apps/${appId}/publish`, { note: "for signed calls" });
  await admin.createUser(CONTROL, PASSWORD, ["ControlFullAccess"]);
  await admin.setMember(workspaceId, await admin.createUser(MEMBER, PASSWORD), "member");
  await admin.setMember(workspaceId, await admin.createUser(READER, PASSWORD, ["ReadOnlyAccess"]), "admin");
  page = await signedInPage(browser, "admin", process.env.E2E_ADMIN_PASSWORD ?? "", { clipboard: true });
});

test.afterAll(async () => {
  await page?.context().close();
  await admin?.close();
});

test("creates a pair whose secret is shown once and signs a call with the official client", async () => {
  await page.getByTestId("nav-access-keys").click();
  await expect(page.getByTestId("access-keys-page")).toBeVisible();
  pair = await createPair(page);

  // Closed: the secret is nowhere on the page, the list shows the ID only.
  const row = rowOf(page, pair.id);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("access-key-status")).toHaveText("Active");
  await expect(page.locator("body")).not.toContainText(pair.secret);
  await page.reload();
  await expect(rowOf(page, pair.id)).toBeVisible();
  await expect(page.locator("body")).not.toContainText(pair.secret);

  expect(await listAgents(pair)).toEqual({ names: [AGENT] });
  await page.reload();
  await expect(rowOf(page, pair.id)).toBeVisible();
  await expect(rowOf(page, pair.id)).not.toContainText("never");
  expect(await seriousA11yFindings(page)).toEqual([]);
});

test("disable, enable and delete take effect on signed calls", async () => {
  const row = rowOf(page, pair.id);
  await row.getByTestId("access-key-disable").click();
  await expect(row.getByTestId("access-key-status")).toHaveText("Inactive");
  expect(await listAgents(pair)).toEqual({ code: "InvalidAccessKeyId.Inactive" });

  await row.getByTestId("access-key-enable").click();
  await expect(row.getByTestId("access-key-status")).toHaveText("Active");
  expect(await listAgents(pair)).toEqual({ names: [AGENT] });

  await row.getByTestId("access-key-delete").click();
  await row.getByTestId("access-key-delete-confirm").click();
  await expect(row).toHaveCount(0);
  expect(await listAgents(pair)).toEqual({ code: "InvalidAccessKeyId.NotFound" });
});

test("an administrator manages the keys of a user below them", async ({ browser }) => {
  const control = await signedInPage(browser, CONTROL, PASSWORD, { clipboard: true });
  await control.getByTestId("nav-access-keys").click();
  await expect(control.getByTestId("access-keys-empty")).toContainText("You have no AccessKeys");
  await control.getByTestId("access-key-owner").click();
  await control.getByRole("option", { name: MEMBER }).click();
  await expect(control.getByTestId("access-keys-empty")).toContainText("This user has no AccessKeys");
  const memberPair = await createPair(control);
  await expect(rowOf(control, memberPair.id)).toBeVisible();
  // The pair runs as the member, who may read the workspace's agents.
  expect(await listAgents(memberPair)).toEqual({ names: [AGENT] });

  // Back to their own keys: the member's pair is not among them.
  await control.getByTestId("access-key-owner").click();
  await control.getByRole("option", { name: /^Mine/ }).click();
  await expect(control.getByTestId("access-keys-empty")).toBeVisible();
  await control.context().close();

  // The member sees it on their own page, without the picker, and disables it.
  const member = await signedInPage(browser, MEMBER, PASSWORD, { clipboard: true });
  await member.getByTestId("nav-access-keys").click();
  await expect(member.getByTestId("access-key-owner")).toHaveCount(0);
  const row = rowOf(member, memberPair.id);
  await expect(row).toBeVisible();
  await row.getByTestId("access-key-disable").click();
  await expect(row.getByTestId("access-key-status")).toHaveText("Inactive");
  expect(await listAgents(memberPair)).toEqual({ code: "InvalidAccessKeyId.Inactive" });
  await member.context().close();
});

test("a ReadOnlyAccess user manages only their own pair, which reads but cannot change", async ({ browser }) => {
  const reader = await signedInPage(browser, READER, PASSWORD, { clipboard: true });
  await reader.getByTestId("nav-access-keys").click();
  // AccessKeys of others are for administrators: no picker.
  await expect(reader.getByTestId("access-keys-page")).toBeVisible();
  await expect(reader.getByTestId("access-key-owner")).toHaveCount(0);
  const readerPair = await createPair(reader);
  await reader.context().close();

  expect(await listAgents(readerPair)).toEqual({ names: [AGENT] });
  const create = bailian(readerPair).createAndPulishAgent(
    workspaceId,
    new $Bailian.CreateAndPulishAgentRequest({ name: "not allowed", modelId: "fake-model", instructions: "-" }),
  );
  expect(await codeOf(create)).toEqual({ code: "Forbidden.RAM" });
});
