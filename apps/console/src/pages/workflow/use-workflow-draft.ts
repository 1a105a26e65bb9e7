import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { publishApp, updateApp } from "../../api/app-api";
import { ApiError, type FieldProblem } from "../../api/client";
import type { AppDetail, WorkflowGraph } from "../../api/types";
import { type Graph, sameGraph } from "./graph-model";
import { type GraphProblem, locateProblems } from "./graph-problems";

/**
 * The edited graph of a workflow app, its last saved state, and the validation problems the
 * server reported, placed on the nodes they name. Saving checks structure; publishing (and
 * running) checks everything.
 */
export function useWorkflowDraft(app: AppDetail, initial: WorkflowGraph) {
  const queryClient = useQueryClient();
  const [graph, setGraph] = useState<WorkflowGraph>(initial);
  const [saved, setSaved] = useState<WorkflowGraph>(initial);
  const [problems, setProblems] = useState<GraphProblem[]>([]);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  /** Bumped when the graph is replaced wholesale (rollback), so forms drop local state. */
  const [revision, setRevision] = useState(0);

  const dirty = useMemo(() => !sameGraph(graph, saved), [graph, saved]);

  const refresh = (detail: AppDetail) => {
    queryClient.setQueryData(["app", app.id], detail);
    void queryClient.invalidateQueries({ queryKey: ["apps"] });
    void queryClient.invalidateQueries({ queryKey: ["app", app.id, "versions"] });
  };

  /** Records a refusal; returns true when it named fields (they are now on the nodes). */
  const refused = (e: unknown, sent: Graph): boolean => {
    const fields = e instanceof ApiError ? e.fields : [];
    setProblems(locateProblems(sent, fields));
    setError(e);
    return fields.length > 0;
  };

  const update = useCallback((change: (g: Graph) => Graph) => setGraph((g) => ({ ...g, ...change(g) })), []);

  /** Saves when changed; false when the server refused the draft. */
  const save = async (): Promise<boolean> => {
    const sent = graph;
    setSaving(true);
    try {
      if (!sameGraph(sent, saved)) {
        const detail = await updateApp(app.id, { config: sent });
        setSaved(sent);
        refresh(detail);
      }
      setProblems([]);
      setError(undefined);
      return true;
    } catch (e) {
      refused(e, sent);
      return false;
    } finally {
      setSaving(false);
    }
  };

  const publish = async (note: string) => {
    if (!(await save())) throw new Error("The draft could not be saved: fix the problems marked on the nodes first.");
    try {
      refresh(await publishApp(app.id, note));
    } catch (e) {
      if (refused(e, graph)) {
        const count = e instanceof ApiError ? e.fields.length : 0;
        throw new Error(`Publishing was refused: ${count} problem${count === 1 ? "" : "s"}, marked on the nodes. Close this dialog to fix them.`);
      }
      throw e;
    }
  };

  /** Problems a test run reported (it validates the saved draft strictly). */
  const showProblems = (fields: FieldProblem[]) => setProblems(locateProblems(saved, fields));

  /** Edits make a node's old problems stale. */
  const clearNodeProblems = (nodeId: string) => setProblems((ps) => (ps.some((p) => p.nodeId === nodeId) ? ps.filter((p) => p.nodeId !== nodeId) : ps));

  const reset = (next: WorkflowGraph) => {
    setGraph(next);
    setSaved(next);
    setProblems([]);
    setError(undefined);
    setRevision((r) => r + 1);
  };

  return { graph, setGraph, update, saved, dirty, problems, error, saving, revision, save, publish, showProblems, clearNodeProblems, reset };
}
