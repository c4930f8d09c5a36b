/** Where a command writes: the process's streams, or an array in tests. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}
