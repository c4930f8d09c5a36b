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
    out[file] =
      JSON.stringify(
        editorSchema(JSON.parse(JSON.stringify(z.toJSONSchema(schema, { target: "draft-07" }))) as Json),
        null,
        2,
      ) + "\n";
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The `from` constant of an object branch, when the branch is one alternative of a claim union. */
function discriminant(branch: Json): string | undefined {
  if (branch === null || typeof branch !== "object" || Array.isArray(branch)) return undefined;
  const properties = branch["properties"];
  if (properties === null || typeof properties !== "object" || Array.isArray(properties)) return undefined;
  const from = properties["from"];
  if (from === null || typeof from !== "object" || Array.isArray(from)) return undefined;
  return typeof from["const"] === "string" ? from["const"] : undefined;
}

/**
 * Draft-07 as editors read it: the YAML language server supports up to draft 7. A `oneOf` whose every
 * branch is an object told apart by a constant `from` (the claim union) becomes an `enum` on `from` and
 * one `if: {from: X} then: <branch>` per source, so a validator checks a claim against the one branch its
 * `from` names and reports that branch's errors, instead of every alternative's.
 */
export function editorSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(editorSchema);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) out[key] = editorSchema(value);
  const oneOf = out["oneOf"];
  if (!Array.isArray(oneOf) || oneOf.length < 2) return out;
  const tags = oneOf.map(discriminant);
  if (tags.some((tag) => tag === undefined)) return out;
  delete out["oneOf"];
  return {
    ...out,
    type: "object",
    required: ["from"],
    properties: {
      from: {
        type: "string",
        enum: tags as string[],
        description: "Where the claim's value comes from.",
        examples: ["attribute"],
      },
    },
    allOf: oneOf.map((branch, i) => ({
      if: { properties: { from: { const: tags[i] as string } }, required: ["from"] },
      then: branch,
    })),
  };
}

export function runSchema(root: string, options: { write: boolean; check: boolean }, io: Io): number {
  const schemas = jsonSchemas();
  const dir = join(root, "schemas");
  if (options.write) {
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(schemas)) writeFileSync(join(dir, file), text);
    io.err(
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
    if (stale.length === 0) io.err("schemas are fresh");
    return stale.length === 0 ? 0 : 1;
  }
  io.out(JSON.stringify(Object.fromEntries(Object.entries(schemas).map(([f, t]) => [f, JSON.parse(t)])), null, 2));
  return 0;
}
