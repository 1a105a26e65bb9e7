const rules = new Intl.PluralRules("en");

/** "1 app", "2 apps", "0 apps": a count with its noun in the right number. */
export function plural(count: number, one: string, other = `${one}s`): string {
  return `${count} ${rules.select(count) === "one" ? one : other}`;
}
