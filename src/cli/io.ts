/** Where a command writes: the process's streams, or an array in tests. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}
