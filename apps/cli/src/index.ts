export { runCli } from "./run-cli.js";
export { CliError, ExitCode, type ExitCodeValue } from "./exit-codes.js";
