/**
 * The layers import in one direction: src/registry ← src/report ← src/cli, src/registry ← src/live (what
 * talks to a live Keycloak) ← src/cli, and components/ (the Pulumi side) ← index.ts. src/ never
 * imports the Pulumi side, and no folder imports one that imports it back.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = resolve(__dirname, "../..");
const LAYERS = ["src/registry", "src/report", "src/live", "src/cli", "components", "index.ts"] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import, besides itself and packages. */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  "src/registry": [],
  "src/report": ["src/registry"],
  "src/live": ["src/registry"],
  "src/cli": ["src/registry", "src/report", "src/live"],
  components: ["src/registry"],
  "index.ts": ["components", "src/registry"],
};

function layerOf(path: string): Layer | undefined {
  const rel = relative(ROOT, path).split("\\").join("/");
  return LAYERS.find((layer) => rel === layer || rel === `${layer}.ts` || rel.startsWith(`${layer}/`));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Relative module specifiers of every import and re-export in a file. */
export function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"/g)].map((m) => m[1]);
}

const files = [...sourceFiles(join(ROOT, "src")), ...sourceFiles(join(ROOT, "components")), join(ROOT, "index.ts")];

describe("layers", () => {
  test("the import scanner sees imports and re-exports, across lines", () => {
    expect(
      relativeImports('import type { A } from "./a";\nexport * from "../b";\nimport {\n  c,\n} from "./c";'),
    ).toEqual(["./a", "../b", "./c"]);
  });

  test.each(files.map((file) => [relative(ROOT, file), file]))("%s imports only the layers below it", (_, file) => {
    const from = layerOf(file)!;
    const crossings = relativeImports(readFileSync(file, "utf8"))
      .map((specifier) => layerOf(resolve(dirname(file), specifier)))
      .filter((to) => to !== from);
    for (const to of crossings)
      expect(ALLOWED[from], `${from} imports ${to ?? "a file outside the layers"}`).toContain(to);
  });
});
