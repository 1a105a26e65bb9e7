import { startFakeModelServer } from "../packages/core/src/testing/fake-model-server.js";

/** The fake model server in a process of its own, so it does not share a core with the load generator. */
const model = await startFakeModelServer();
process.stdout.write(`listening ${model.url}\n`);
process.on("SIGTERM", () => void model.close().then(() => process.exit(0)));
