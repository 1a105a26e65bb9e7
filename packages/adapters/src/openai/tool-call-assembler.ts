import type { ToolCall } from "@appstudio/core";

/** A streamed tool-call fragment as OpenAI-compatible servers send it in `delta.tool_calls[]`. */
export interface ToolCallFragment {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: unknown };
}

/**
 * Joins streamed tool-call fragments into complete calls. OpenAI sends the ID and name in the
 * first fragment and the arguments in pieces; other servers (Ollama, some vLLM versions) send
 * everything at once, omit `index`, or repeat the name in every fragment — all handled here.
 */
export class ToolCallAssembler {
  readonly #calls = new Map<number, { id: string; name: string; arguments: string }>();

  add(fragments: ToolCallFragment[]): void {
    fragments.forEach((fragment, position) => {
      const index = fragment.index ?? position;
      let call = this.#calls.get(index);
      if (!call) {
        call = { id: "", name: "", arguments: "" };
        this.#calls.set(index, call);
      }
      if (fragment.id && !call.id) call.id = fragment.id;
      const name = fragment.function?.name;
      // Name pieces are appended, but a repeated full name must not double up.
      if (name && name !== call.name) call.name += name;
      const args = fragment.function?.arguments;
      if (typeof args === "string") call.arguments += args;
      else if (args !== undefined && args !== null) call.arguments += JSON.stringify(args);
    });
  }

  /** Complete calls in index order; missing IDs are made up because the tool reply must echo one. */
  calls(): ToolCall[] {
    return [...this.#calls.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, call]) => call.name !== "")
      .map(([index, call]) => ({ id: call.id || `call_${index}`, name: call.name, arguments: call.arguments }));
  }
}
