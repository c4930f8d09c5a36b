/**
 * The JSON Schemas editors use: draft-07 (what the YAML language server supports), every example file
 * valid against them, and a wrong claim reported as the one branch its `from` names.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jsonSchemas } from "../../src/cli/schema-command";
import { FIXTURE_REGISTRY } from "../fixture-registry";

const ROOT = join(__dirname, "..", "..");
const SCHEMAS = jsonSchemas();

function validator(file: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(SCHEMAS[file]) as object);
}

/** The errors a reader sees: an `if` keyword only says that its `then` failed, which the others say. */
function reported(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).filter((e) => e.keyword !== "if").map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

const WRONG_CLAIM = {
  service: "Base",
  owners: ["@example/base"],
  scopes: [
    {
      id: "read",
      summary: "Read things",
      availability: ["development"],
      claims: [{ name: "cla", from: "attribute", multivalued: true } as Record<string, unknown>],
    },
  ],
};

describe("editor schemas", () => {
  it("declare draft-07", () => {
    for (const text of Object.values(SCHEMAS)) {
      expect((JSON.parse(text) as { $schema: string }).$schema).toBe("http://json-schema.org/draft-07/schema#");
    }
  });

  it.each([
    ["scopes", "scope-file.schema.json"],
    ["clients", "client-file.schema.json"],
  ])("every example file in %s/ is valid", (folder, schema) => {
    const validate = validator(schema);
    const files = readdirSync(join(ROOT, folder)).filter((f) => f.endsWith(".yaml"));
    expect(files).not.toEqual([]);
    for (const file of files) {
      const ok = validate(parse(readFileSync(join(ROOT, folder, file), "utf8")));
      expect(reported(validate.errors), `${folder}/${file}`).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it.each([
    ["e2e/registry/clients", "client-file.schema.json"],
    ["test/live/registry/clients", "client-file.schema.json"],
    ["test/live/registry/scopes", "scope-file.schema.json"],
  ])("the test registries' files in %s/ are valid (they use the newer fields)", (folder, schema) => {
    const validate = validator(schema);
    for (const file of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith(".yaml"))) {
      validate(parse(readFileSync(join(ROOT, folder, file), "utf8")));
      expect(reported(validate.errors), `${folder}/${file}`).toEqual([]);
    }
  });

  it("describe every field with an example (a fixed value, `const`, needs none), so an editor can say what it is", () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== "object") return;
      const schema = node as Record<string, unknown>;
      for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) {
        const field = value as { description?: unknown; examples?: unknown; const?: unknown };
        if (typeof field.description !== "string") undescribed.push(`${path}.${key}`);
        if (!Array.isArray(field.examples) && field.const === undefined)
          undescribed.push(`${path}.${key} (no example)`);
        walk(value, `${path}.${key}`);
      }
      for (const key of ["items", "additionalProperties", "then", "else"]) walk(schema[key], path);
      for (const key of ["anyOf", "oneOf", "allOf"]) {
        if (Array.isArray(schema[key])) for (const branch of schema[key]) walk(branch, path);
      }
    };
    for (const [file, text] of Object.entries(SCHEMAS)) walk(JSON.parse(text), file);
    expect(undescribed).toEqual([]);
  });

  it("registry.yaml is valid: the fixture registry's, and the repository's own where it has one", () => {
    const validate = validator("settings-file.schema.json");
    const files = [join(FIXTURE_REGISTRY, "registry.yaml"), join(ROOT, "registry.yaml")].filter((f) => existsSync(f));
    expect(files[0]).toBe(join(FIXTURE_REGISTRY, "registry.yaml"));
    for (const file of files) {
      validate(parse(readFileSync(file, "utf8")));
      expect(reported(validate.errors), file).toEqual([]);
    }
  });

  it("a typed constant is valid as written", () => {
    const validate = validator("scope-file.schema.json");
    const file = structuredClone(WRONG_CLAIM);
    file.scopes[0].claims = [{ name: "level", from: "constant", value: 42, type: "integer" }];
    expect(validate(file)).toBe(true);
  });

  it("a wrong claim gives one error, from the branch its from names", () => {
    const validate = validator("scope-file.schema.json");
    expect(validate(WRONG_CLAIM)).toBe(false);
    expect(reported(validate.errors)).toEqual(["/scopes/0/claims/0 must have required property 'attribute'"]);
  });

  it("an unknown source gives one error", () => {
    const validate = validator("scope-file.schema.json");
    const file = structuredClone(WRONG_CLAIM);
    file.scopes[0].claims = [{ name: "cla", from: "atribute", atribute: "cla" }];
    expect(validate(file)).toBe(false);
    expect(reported(validate.errors)).toEqual(["/scopes/0/claims/0/from must be equal to one of the allowed values"]);
  });
});
