import type { WorkflowNodeRun, WorkflowRun } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { MAX_STORED_JSON_CHARS } from "./workflow-runs-repository.js";

const appId = "c".repeat(32);

const run = (over: Partial<WorkflowRun> = {}): WorkflowRun => ({
  id: "run-1",
  requestId: "req-1",
  appId,
  workspaceId: "ws-cccccccccccccccc",
  appVersion: 2,
  source: "api",
  sessionId: "d".repeat(32),
  status: "running",
  inputs: { query: "hi", city: "Paris", n: 3 },
  outputs: null,
  error: null,
  inputTokens: 0,
  outputTokens: 0,
  startedAt: "2026-03-01T10:00:00.000Z",
  finishedAt: null,
  durationMs: null,
  ...over,
});

const nodeRun = (over: Partial<WorkflowNodeRun> = {}): WorkflowNodeRun => ({
  id: "nr-1",
  runId: "run-1",
  seq: 1,
  nodeId: "LLM_abcd",
  nodeType: "LLM",
  nodeName: "Answer",
  parentNodeId: null,
  iterationIndex: null,
  status: "running",
  attempts: 1,
  inputs: { userPrompt: "hi" },
  outputs: null,
  branch: null,
  error: null,
  model: null,
  inputTokens: 0,
  outputTokens: 0,
  startedAt: "2026-03-01T10:00:00.001Z",
  finishedAt: null,
  durationMs: null,
  ...over,
});

describe.each(testDialects())("workflow run repository (%s)", (dialect) => {
  let db: MigratedRepositories;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
  });
  afterAll(() => db?.close());

  it("inserts a run, then replaces it with its final state", async () => {
    const repo = db.repos.workflowRuns;
    await repo.saveRun(run());
    expect(await repo.findRun("run-1")).toEqual(run());
    const done = run({
      status: "failed",
      outputs: { text: "x" },
      error: { code: "Timeout", message: "slow" },
      inputTokens: 5,
      outputTokens: 7,
      finishedAt: "2026-03-01T10:00:01.000Z",
      durationMs: 1000,
    });
    await repo.saveRun(done);
    expect(await repo.findRun("run-1")).toEqual(done);
    expect(await repo.findRun("nope")).toBeUndefined();
  });

  it("keeps node runs in start order, upserted as they finish", async () => {
    const repo = db.repos.workflowRuns;
    await repo.saveNodeRun(nodeRun({ id: "nr-2", seq: 2, nodeId: "Script_abcd", nodeType: "Script", parentNodeId: "Iteration_abcd", iterationIndex: 0 }));
    await repo.saveNodeRun(nodeRun());
    const finished = nodeRun({
      status: "succeeded",
      attempts: 2,
      outputs: { result: "hello" },
      branch: "if",
      model: "qwen",
      inputTokens: 3,
      outputTokens: 4,
      finishedAt: "2026-03-01T10:00:00.500Z",
      durationMs: 499,
    });
    await repo.saveNodeRun(finished);
    const runs = await repo.listNodeRuns("run-1");
    expect(runs.map((n) => n.id)).toEqual(["nr-1", "nr-2"]);
    expect(runs[0]).toEqual(finished);
    expect(runs[1]).toMatchObject({ parentNodeId: "Iteration_abcd", iterationIndex: 0 });
  });

  it("lists an app's runs newest first, filtered by status and request", async () => {
    const repo = db.repos.workflowRuns;
    await repo.saveRun(run({ id: "run-2", requestId: "req-2", status: "succeeded", startedAt: "2026-03-02T10:00:00.000Z" }));
    await repo.saveRun(run({ id: "run-3", requestId: "req-3", appId: "e".repeat(32), startedAt: "2026-03-03T10:00:00.000Z" }));
    const all = await repo.listRuns({ appId, limit: 10, offset: 0 });
    expect(all.items.map((r) => r.id)).toEqual(["run-2", "run-1"]);
    expect(all.total).toBe(2);
    expect((await repo.listRuns({ appId, status: "failed", limit: 10, offset: 0 })).items.map((r) => r.id)).toEqual(["run-1"]);
    expect((await repo.listRuns({ appId, requestId: "req-2", limit: 10, offset: 0 })).items.map((r) => r.id)).toEqual(["run-2"]);
    expect((await repo.listRuns({ appId, limit: 1, offset: 1 })).items.map((r) => r.id)).toEqual(["run-1"]);
  });

  it("stores a huge value as a truncation marker instead of failing", async () => {
    const repo = db.repos.workflowRuns;
    await repo.saveNodeRun(nodeRun({ id: "nr-big", runId: "run-big", outputs: { body: "x".repeat(MAX_STORED_JSON_CHARS + 10) } }));
    const [stored] = await repo.listNodeRuns("run-big");
    expect(stored!.outputs).toMatchObject({ truncated: true });
  });
});
