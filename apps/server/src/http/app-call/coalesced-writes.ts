import type { ServerResponse } from "node:http";

/**
 * Lets the frames written in one turn of the event loop leave together: the headers with the
 * first frame, and every frame made from one packet of the model's answer. A socket write is a
 * system call (the largest single cost of a streamed call in the profile); frames are never held
 * back past the current turn, so a lone delta still goes at once. `process.nextTick` runs after
 * the promise jobs of the current turn, i.e. after the whole chain from the model stream's chunk
 * to the frames has run.
 *
 * A frame that is the first of its turn goes out directly; only a second one corks the response.
 * With thousands of slow streams almost every token is alone in its turn, and corking it cost a
 * buffered-write entry and a `writev` bookkeeping array per token for nothing.
 */
export function coalescedWrites(raw: ServerResponse): { hold(): void; beforeWrite(): void } {
  let wroteThisTurn = false;
  let corked = false;
  const endOfTurn = () => {
    wroteThisTurn = false;
    if (!corked) return;
    corked = false;
    // end() may have flushed (and ended) already; uncork is then a no-op.
    raw.uncork();
  };
  const cork = () => {
    if (corked) return;
    corked = true;
    raw.cork();
  };
  return {
    /** Holds every write from now to the end of this turn (the headers, so the first frame joins them). */
    hold() {
      cork();
      if (!wroteThisTurn) {
        wroteThisTurn = true;
        process.nextTick(endOfTurn);
      }
    },
    /** Call before each frame: the first of a turn goes at once, the ones after it wait for the end of the turn. */
    beforeWrite() {
      if (wroteThisTurn) return cork();
      wroteThisTurn = true;
      process.nextTick(endOfTurn);
    },
  };
}
