import { exitOnBrokenPipe } from "./exit-on-broken-pipe.js";
import { runCli } from "./run-cli.js";

exitOnBrokenPipe();

// process.exitCode rather than process.exit(): pending stdout writes (a long JSON list piped
// into jq) are flushed before the process ends, and `serve` keeps running on its open server.
process.exitCode = await runCli(process.argv);
