/** Where a command writes: the process's streams, or an array in tests. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Whether each stream takes colour (see colour.ts); none when absent, as in tests. */
  readonly colour?: { readonly out: boolean; readonly err: boolean };
}
