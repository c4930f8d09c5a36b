/**
 * Where every value of a registry file came from. The loader records the line and column of each key
 * and value once, while it walks the YAML tree; problems found later (by zod, by cross-file rules)
 * point at the exact spot through `locate`.
 */
export type PathSegment = string | number;
export type ValuePath = readonly PathSegment[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

interface Spot {
  readonly key?: Position;
  readonly value: Position;
}

export class SourceFile {
  private readonly spots = new Map<string, Spot>();

  /** `path` is relative to the registry root, with forward slashes. */
  constructor(readonly path: string) {}

  record(path: ValuePath, value: Position, key?: Position): void {
    this.spots.set(pathKey(path), key === undefined ? { value } : { key, value });
  }

  /**
   * The position of the value at `path` (or of its key, when `at` is "key"); falls back to the nearest
   * enclosing value that exists, so a missing field points at the object that lacks it.
   */
  locate(path: ValuePath, at: "key" | "value" = "value"): Position {
    for (let n = path.length; n >= 0; n--) {
      const spot = this.spots.get(pathKey(path.slice(0, n)));
      if (spot !== undefined) return (n === path.length && at === "key" && spot.key) || spot.value;
    }
    return { line: 1, column: 1 };
  }
}

function pathKey(path: ValuePath): string {
  return JSON.stringify(path);
}

/** `scopes[0].claims[1].from`: how a path is named in messages. */
export function describePath(path: ValuePath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === "" ? "the file" : text;
}
