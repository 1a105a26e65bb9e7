import type { ServerResponse } from "node:http";

/**
 * Holds a stream's writes until the code running now is done, then sends them as one: the
 * headers with the first frame, and every frame made from one packet of the model's answer
 * together. A socket write is a system call (the largest single cost of a streamed call in
 * the profile); frames are never held back longer than that, so a lone delta still goes at
 * once. `process.nextTick` runs after the promise jobs of the current turn, i.e. after the
 * whole chain from the model stream's chunk to the frames has run.
 */
export function coalescedWrites(raw: ServerResponse): { hold(): void } {
  let held = false;
  const release = () => {
    held = false;
    // end() may have flushed (and ended) already; uncork is then a no-op.
    raw.uncork();
  };
  return {
    hold() {
      if (held) return;
      held = true;
      raw.cork();
      process.nextTick(release);
    },
  };
}
