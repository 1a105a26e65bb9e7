/** POSIX single-quoting: safe for any value, also inside `eval`. */
export const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** A word the shell reads back unchanged when unquoted; anything else (spaces, quotes, `$`, empty) is single-quoted. */
export const shellWord = (value: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : shellQuote(value));

/**
 * An `appstudio` command line for hints and messages, each word quoted as needed, so a hint can
 * be pasted as printed (`appstudio apps publish 'Support bot' -w ws-…`).
 */
export const commandLine = (...words: string[]) => ["appstudio", ...words].map(shellWord).join(" ");
