/**
 * Colour on the command line: only where a person reads it. A stream gets colour when it is a
 * terminal (and TERM is not `dumb`) and `NO_COLOR` is unset or empty (https://no-color.org); never in a
 * pipe, a file or a CI log, unless `FORCE_COLOR` asks for it (set, and not `0` or `false`). NO_COLOR
 * wins over FORCE_COLOR.
 */

export interface Stream {
  readonly isTTY?: boolean;
}

export function useColour(stream: Stream, environment: NodeJS.ProcessEnv): boolean {
  if ((environment.NO_COLOR ?? "") !== "") return false;
  const force = environment.FORCE_COLOR;
  if (force !== undefined && force !== "0" && force !== "false") return true;
  return stream.isTTY === true && environment.TERM !== "dumb";
}

/** SGR codes for the few styles the command line uses. */
const STYLES = { red: 31, yellow: 33, green: 32 } as const;

export type Style = keyof typeof STYLES;

/** `text` in `style` when `colour` is on; the text itself otherwise. */
export function paint(text: string, style: Style, colour: boolean): string {
  return colour ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text;
}
