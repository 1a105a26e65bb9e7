import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { examples } from "../help.js";

/** Keep in step with apps/cli/package.json (a test checks). */
export const VERSION = "0.1.0";

export function versionCommand(ctx: CliContext) {
  return new Command("version")
    .description("Print the CLI's version (also: --version)")
    .option("--json", "print JSON: {version, node, platform}")
    .addHelpText("after", examples("appstudio version", "appstudio version --json"))
    .action((opts) => {
      const info = { version: VERSION, node: process.version, platform: `${process.platform}-${process.arch}` };
      if (opts.json) return ctx.output.json(info);
      ctx.output.print(`appstudio ${info.version} (Node.js ${info.node}, ${info.platform})`);
    });
}
