import type { CommandUnknownOpts } from "@commander-js/extra-typings";

/** One command of the tree, flattened: its path ("apps list"), subcommands and options. */
interface CommandNode {
  path: string;
  /** Every name a user may type for it (the name and its aliases). */
  names: string[];
  description: string;
  subcommands: CommandNode[];
  options: { flags: string[]; description: string; takesValue: boolean; choices: readonly string[] }[];
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * Completion scripts generated from the command tree itself, so a new command or flag completes
 * without anyone editing a script. Static: pressing Tab never starts Node.
 */
export function completionScript(program: CommandUnknownOpts, shell: Shell): string {
  const root = nodeOf(program, "");
  if (shell === "fish") return fishScript(root);
  const bash = bashScript(root);
  // zsh runs the bash function through its bash-completion emulation.
  return shell === "zsh" ? `#compdef appstudio\nautoload -U +X bashcompinit && bashcompinit\n${bash}` : bash;
}

function nodeOf(command: CommandUnknownOpts, path: string): CommandNode {
  const help = command.createHelp();
  return {
    path,
    names: [command.name(), ...command.aliases()],
    description: command.description(),
    // help.visibleCommands also lists the implicit `help` command, which completes like any other.
    subcommands: help.visibleCommands(command).map((c) => nodeOf(c, path ? `${path} ${c.name()}` : c.name())),
    options: help.visibleOptions(command).map((o) => ({
      flags: [o.long, o.short].filter((f): f is string => typeof f === "string"),
      description: o.description,
      takesValue: o.required || o.optional,
      choices: o.argChoices ?? [],
    })),
  };
}

/** Every path a user can type, aliases included, each mapped to its node. */
function typedPaths(node: CommandNode, prefix = ""): [string, CommandNode][] {
  return node.subcommands.flatMap((child) =>
    child.names.flatMap((name) => {
      const typed = prefix ? `${prefix} ${name}` : name;
      return [[typed, child] as [string, CommandNode], ...typedPaths(child, typed)];
    }),
  );
}

const words = (node: CommandNode) => [...node.subcommands.flatMap((c) => c.names), ...node.options.flatMap((o) => o.flags)].join(" ");

function bashScript(root: CommandNode): string {
  const paths = typedPaths(root);
  // Flags that take a value complete their choices (merged over commands that share a flag), or files.
  const choices = new Map<string, Set<string>>();
  for (const [, node] of [["", root] as [string, CommandNode], ...paths]) {
    for (const option of node.options) {
      if (!option.takesValue) continue;
      for (const flag of option.flags) choices.set(flag, new Set([...(choices.get(flag) ?? []), ...option.choices]));
    }
  }
  const known = paths.map(([typed]) => `" ${typed}"`).join("|");
  const cases = [["", root] as [string, CommandNode], ...paths].map(([typed, node]) => `    "${typed ? ` ${typed}` : ""}") words="${words(node)}" ;;`);
  const withChoices = [...choices].filter(([, values]) => values.size > 0);
  const freeValues = [...choices].filter(([, values]) => values.size === 0).map(([flag]) => flag);
  const valueFlags = [...choices.keys()].join("|");
  const choiceCases = [
    ...withChoices.map(([flag, values]) => `    ${flag}) COMPREPLY=($(compgen -W "${[...values].join(" ")}" -- "$cur")); return ;;`),
    ...(freeValues.length > 0 ? [`    ${freeValues.join("|")}) return ;;`] : []),
  ];
  return `# appstudio completion for bash. Load it with: source <(appstudio completion bash)
_appstudio() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} path="" word i words=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    # The value of a flag (-w apps) is never a command.
    case "\${COMP_WORDS[i-1]}" in
      ${valueFlags}) continue ;;
    esac
    case "$path $word" in
      ${known}) path="$path $word" ;;
    esac
  done
  # After a flag that takes a value: its choices, or files (-o default) when it has none.
  case "$prev" in
${choiceCases.join("\n")}
  esac
  case "$path" in
${cases.join("\n")}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _appstudio appstudio
`;
}

const fishQuote = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

function fishScript(root: CommandNode): string {
  const paths = typedPaths(root);
  const valueFlags = new Set([root, ...paths.map(([, node]) => node)].flatMap((node) => node.options.filter((o) => o.takesValue).flatMap((o) => o.flags)));
  const lines = [
    "# appstudio completion for fish. Load it with: appstudio completion fish | source",
    `set -g __appstudio_paths ${paths.map(([typed]) => fishQuote(typed)).join(" ")}`,
    `set -g __appstudio_value_flags ${[...valueFlags].map(fishQuote).join(" ")}`,
    "function __appstudio_path",
    "    set -l path ''",
    "    set -l previous ''",
    "    for word in (commandline -opc)[2..-1]",
    "        # The value of a flag (-w apps) is never a command.",
    "        if not contains -- $previous $__appstudio_value_flags",
    '            set -l next (string trim -- "$path $word")',
    "            contains -- $next $__appstudio_paths; and set path $next",
    "        end",
    "        set previous $word",
    "    end",
    "    echo $path",
    "end",
    "function __appstudio_at",
    "    set -l path (__appstudio_path)",
    '    test "$path" = "$argv[1]"',
    "end",
    "complete -c appstudio -f",
  ];
  for (const [typed, node] of [["", root] as [string, CommandNode], ...paths]) {
    const at = `-n ${fishQuote(`__appstudio_at ${fishQuote(typed)}`)}`;
    for (const child of node.subcommands) {
      for (const name of child.names) lines.push(`complete -c appstudio ${at} -a ${fishQuote(name)} -d ${fishQuote(child.description)}`);
    }
    for (const option of node.options) {
      const flags = option.flags.map((f) => (f.startsWith("--") ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(" ");
      const value = option.choices.length > 0 ? ` -x -a ${fishQuote(option.choices.join(" "))}` : option.takesValue ? " -r -F" : "";
      lines.push(`complete -c appstudio ${at} ${flags}${value} -d ${fishQuote(option.description)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
