import { Argument, Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { completionScript, SHELLS } from "../completion.js";
import { examples } from "../help.js";

export function completionCommand(ctx: CliContext) {
  const command = new Command("completion")
    .description("Print a shell completion script for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS))
    .addHelpText(
      "after",
      `
Load it in the current shell, or add the same line to your shell's start-up file
(~/.bashrc, ~/.zshrc, ~/.config/fish/config.fish).
${examples("source <(appstudio completion bash)", "source <(appstudio completion zsh)", "appstudio completion fish | source")}`,
    )
    .action((shell) => {
      // The script describes the whole tree, so it starts from the root command.
      let root: CommandUnknownOpts = command;
      while (root.parent) root = root.parent;
      ctx.output.write(completionScript(root, shell));
    });
  return command;
}
