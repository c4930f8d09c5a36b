/**
 * The few Markdown constructs the reports write, escaped so that registry text (summaries, scope
 * names, which may hold any printable ASCII) can never break a table or a code span.
 */

/** An inline code span; a value holding backticks gets a longer fence (CommonMark §6.1). */
export function code(value: string): string {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 || value.startsWith("`") || value.endsWith("`") ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

export function codeList(values: readonly string[]): string {
  return values.map(code).join(", ");
}

/** Text for a table cell: one line, pipes escaped (GFM tables split on every unescaped `|`). */
export function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

/**
 * Text outside code spans, with the characters that would start emphasis, links or HTML escaped.
 * Pipes are left to `cell`, which escapes them inside code spans too, as GFM tables require.
 */
export function prose(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/([\\`*_[\]<>])/g, "\\$1");
}

export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [tableRow(header), tableRow(header.map(() => "---")), ...rows.map(tableRow)];
}

/**
 * The anchor GitHub gives a heading: lower case, punctuation other than `-` and `_` dropped, spaces
 * turned into dashes. Duplicates are the caller's to avoid.
 */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}
