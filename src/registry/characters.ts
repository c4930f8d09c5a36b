/**
 * Characters a registry file may not hold. A reviewer reads a file on a code review page; a control
 * character is invisible there (or moves the cursor, or ends a terminal line early), and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make the page show
 * the text in a different order than it is stored ("Trojan Source", CVE-2021-42574). Either way the file
 * would mean something else than what was approved.
 */
import { problemAt, type Problem } from "./problems";
import type { Position } from "./source";

/**
 * In a file's raw text: C0 controls except TAB and LF (a CR is allowed only before an LF, for files
 * saved with CRLF line ends), DEL, C1 controls, the bidirectional controls, and U+FEFF (a byte order
 * mark, allowed only as the very first character, where editors on Windows put it and YAML skips it).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const IN_FILE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]|\r(?!\n)/g;

/** In a single-line value (names, ids, URIs): every control character, TAB and LF included. */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const IN_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** In free text (summaries, descriptions, reasons): the same, except LF, which separates paragraphs. */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const IN_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/;

const NAMES: Readonly<Record<number, string>> = {
  0x00: "null",
  0x09: "tab",
  0x0a: "line feed",
  0x0d: "carriage return",
  0x1b: "escape",
  0x7f: "delete",
  0xfeff: "byte order mark",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "pop directional formatting",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "pop directional isolate",
};

/** `U+202E (right-to-left override)`, `U+0007`. */
export function codePointName(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = NAMES[code];
  return name === undefined ? hex : `${hex} (${name})`;
}

function isBidiControl(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/**
 * What is wrong with one forbidden character, as the end of a sentence that starts with what holds it;
 * `inFile` for a file's raw text, where a byte order mark is allowed first and a CR before an LF.
 */
export function describeCharacter(code: number, inFile = false): string {
  if (isBidiControl(code)) {
    return `${codePointName(code)}, which makes text display in a different order than it is stored`;
  }
  if (inFile && code === 0xfeff) return `${codePointName(code)} after its start`;
  if (inFile && code === 0x0d) return `${codePointName(code)} without a line feed after it`;
  if (code === 0xfeff) return codePointName(code);
  return `the control character ${codePointName(code)}`;
}

export interface ForbiddenCharacters {
  /** Where the first one is: its line and column, as the YAML parser counts them. */
  readonly position: Position;
  readonly code: number;
  /** How many more the text holds. */
  readonly more: number;
}

/** The forbidden characters of a file's raw text: the first, placed, and how many follow it. */
export function forbiddenInFile(text: string): ForbiddenCharacters | undefined {
  let first: number | undefined;
  let count = 0;
  for (const match of text.matchAll(IN_FILE)) {
    if (match.index === 0 && match[0] === "\ufeff") continue;
    first ??= match.index;
    count++;
  }
  if (first === undefined) return undefined;
  return { position: positionOf(text, first), code: text.charCodeAt(first), more: count - 1 };
}

/** A file's forbidden characters, as one problem at the first of them (they tend to come in numbers). */
export function forbiddenCharacters(path: string, text: string): Problem | undefined {
  const found = forbiddenInFile(text);
  if (found === undefined) return undefined;
  return problemAt(path, found.position, {
    rule: "control-character",
    message: `the file contains ${describeCharacter(found.code, true)}${found.more > 0 ? ` (and ${found.more.toLocaleString("en-US")} more)` : ""}`,
  });
}

/**
 * `quote(value)` with the characters JSON leaves as they are but a reader would not see (DEL, C1
 * controls, bidirectional controls, byte order marks, line and paragraph separators) escaped as
 * `\\uXXXX`: a message that names a hostile value must not itself reorder or hide text.
 */
export function visible(quoted: string): string {
  return quoted.replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The first forbidden character of a value, or undefined; `multiline` allows LF (free text). */
export function forbiddenInValue(value: string, multiline: boolean): number | undefined {
  const match = (multiline ? IN_TEXT : IN_NAME).exec(value);
  return match === null ? undefined : match[0].charCodeAt(0);
}

/** Line and column (1-based, in UTF-16 units like the YAML parser's LineCounter) of an offset. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
