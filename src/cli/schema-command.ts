/**
 * `schema`: the JSON Schemas editors use, generated from the zod schemas the loader uses, so the two
 * cannot drift. `--write` refreshes the committed copies under schemas/; `--check` fails when they are
 * stale (a test runs it too).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { clientFileSchema, scopeFileSchema, settingsFileSchema } from "../registry/schema";
import type { Io } from "./io";

export const SCHEMA_FILES = {
  "scope-file.schema.json": scopeFileSchema,
  "client-file.schema.json": clientFileSchema,
  "settings-file.schema.json": settingsFileSchema,
} as const;

export function jsonSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, schema] of Object.entries(SCHEMA_FILES)) {
    out[file] = JSON.stringify(z.toJSONSchema(schema), null, 2) + "\n";
  }
  return out;
}

export function runSchema(root: string, options: { write: boolean; check: boolean }, io: Io): number {
  const schemas = jsonSchemas();
  const dir = join(root, "schemas");
  if (options.write) {
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(schemas)) writeFileSync(join(dir, file), text);
    io.out(
      `wrote ${Object.keys(schemas)
        .map((f) => `schemas/${f}`)
        .join(", ")}`,
    );
    return 0;
  }
  if (options.check) {
    const stale = Object.entries(schemas).filter(([file, text]) => {
      try {
        return readFileSync(join(dir, file), "utf8") !== text;
      } catch {
        return true;
      }
    });
    for (const [file] of stale) io.err(`schemas/${file} is stale: run npm run registry -- schema --write`);
    if (stale.length === 0) io.out("schemas are fresh");
    return stale.length === 0 ? 0 : 1;
  }
  io.out(JSON.stringify(Object.fromEntries(Object.entries(schemas).map(([f, t]) => [f, JSON.parse(t)])), null, 2));
  return 0;
}
