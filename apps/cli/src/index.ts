export { CliError, ExitCode, type ExitCodeValue } from "./exit-codes.js";
export { runCli } from "./run-cli.js";
