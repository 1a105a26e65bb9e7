/**
 * Group commit: writes asked for in the same turn of the event loop go to the database as one
 * statement, and each caller's promise settles once that statement has committed, so nothing
 * is acknowledged before it is stored. On SQLite a commit (a WAL write) costs ten times one more
 * row in it, and concurrent app calls each save their conversation: this is where that adds up.
 *
 * `write` gets the batch (at most `maxBatch` items, in order) and returns one result per item.
 * If it throws, each item is written alone, so one bad row fails only its own caller.
 */
export function groupCommit<T, R>(write: (batch: T[]) => Promise<R[]>, maxBatch = 100): (item: T) => Promise<R> {
  let pending: { item: T; settle: (result: Promise<R>) => void }[] = [];

  const flush = async () => {
    const batch = pending.splice(0, maxBatch);
    if (pending.length > 0) setImmediate(flush);
    else pending = [];
    try {
      const results = await write(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.settle(Promise.resolve(results[i] as R));
    } catch (error) {
      if (batch.length === 1) batch[0]?.settle(Promise.reject(error));
      else for (const p of batch) p.settle(write([p.item]).then((results) => results[0] as R));
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ item, settle: (result) => result.then(resolve, reject) });
    });
}
