/**
 * Turns zod's issues into registry problems: one rule name, a message that names the offending value
 * and a fix. Unknown keys are looked up against the schema itself, so the fix lists the fields that are
 * allowed at that spot and suggests the closest one.
 */
import { z } from "zod";
import { ENVIRONMENTS } from "./environments";
import { listOf, problemAt, quote, type Problem } from "./problems";
import type { RuleId } from "./rules";
import { describePath, type SourceFile, type ValuePath } from "./source";
import { didYouMean } from "./suggest";

/**
 * Field names that hold credentials. The registry never holds a secret: the program generates client
 * secrets and keeps them as Pulumi secrets. Such a field is reported without its value.
 */
const SECRET_FIELD =
  /secret|passw(or)?d|private[-_]?key|api[-_]?key|^token$|[-_]token$|access[-_]?token|refresh[-_]?token/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

export function schemaProblems(
  schema: z.ZodType,
  data: unknown,
  source: SourceFile,
): { problems: Problem[]; value?: unknown } {
  const result = schema.safeParse(data);
  if (result.success) return { problems: [], value: result.data };
  const problems: Problem[] = [];
  const report = (rule: RuleId, path: ValuePath, at: "key" | "value", message: string, fix: string) =>
    problems.push(problemAt(source.path, source.locate(path, at), { rule, message, fix }));
  const missing = (path: ValuePath, what: string) =>
    report(
      "missing-field",
      path,
      "value",
      `${describePath(path.slice(0, -1))} is missing the required field ${quote(path[path.length - 1])}`,
      `add ${String(path[path.length - 1])}: ${what}`,
    );

  for (const issue of result.error.issues) {
    const path = issue.path as ValuePath;
    const where = describePath(path);
    const value = valueAt(data, path);
    const shown = mayEcho(path) ? quote(value) : "(value not shown)";
    const last = path[path.length - 1];
    switch (issue.code) {
      case "unrecognized_keys": {
        for (const key of issue.keys) {
          const keyPath = [...path, key];
          if (path.length === 1 && path[0] === "environments") {
            report(
              "unknown-environment",
              keyPath,
              "key",
              `environments lists ${quote(key)}, which is not an environment${didYouMean(key, ENVIRONMENTS)}`,
              `use one of ${listOf([...ENVIRONMENTS])}`,
            );
          } else if (isSecretField(key)) {
            report(
              "secret-in-yaml",
              keyPath,
              "key",
              `${describePath(keyPath)} looks like a secret; secrets never belong in the registry (value not shown)`,
              "delete the field and rotate that secret, since it is now in Git history; client secrets are generated and kept as Pulumi secrets",
            );
          } else {
            const allowed = fieldsAt(schema, path, data);
            report(
              "unknown-field",
              keyPath,
              "key",
              `unknown field ${quote(key)} in ${where}${didYouMean(key, allowed)}`,
              `remove it or use one of the allowed fields: ${allowed.join(", ")}`,
            );
          }
        }
        break;
      }
      case "invalid_type": {
        if (value === undefined) {
          missing(path, `<${issue.expected}>`);
        } else if (value === null) {
          report(
            "wrong-type",
            path,
            "value",
            `${where} is empty, but must be ${article(issue.expected)}`,
            issue.expected === "object" ? `write ${where}: {} for no settings, or fill it in` : `give ${where} a value`,
          );
        } else {
          report(
            "wrong-type",
            path,
            "value",
            `${where} must be ${article(issue.expected)}, not ${typeName(value)} ${shown}`,
            `write ${where} as ${article(issue.expected)}`,
          );
        }
        break;
      }
      case "invalid_value": {
        const options = issue.values.map(String);
        const inAvailability = path[path.length - 2] === "availability";
        report(
          inAvailability ? "unknown-environment" : "wrong-value",
          path,
          "value",
          inAvailability
            ? `availability lists ${shown}, which is not an environment${didYouMean(typeof value === "string" ? value : (JSON.stringify(value) ?? ""), options)}`
            : `${where} is ${shown}, which is not one of ${listOf(options)}${didYouMean(typeof value === "string" ? value : (JSON.stringify(value) ?? ""), options)}`,
          `use one of ${listOf(options)}`,
        );
        break;
      }
      case "invalid_union": {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        if (value === undefined) {
          missing(path, `one of ${listOf(options)}`);
        } else {
          report(
            last === "from" ? "unknown-claim-source" : "wrong-value",
            path,
            "value",
            `${where} is ${shown}, which is not one of ${listOf(options)}${didYouMean(typeof value === "string" ? value : (JSON.stringify(value) ?? ""), options)}`,
            `use one of ${listOf(options)}`,
          );
        }
        break;
      }
      case "too_small": {
        if (last === "availability") {
          report(
            "empty-availability",
            path,
            "value",
            `${where} is empty: the scope would exist nowhere`,
            `list at least one environment (${listOf([...ENVIRONMENTS])}), or delete the scope`,
          );
        } else {
          const what = typeof value === "string" ? "is empty" : `lists nothing: ${issue.message}`;
          report("empty-value", path, "value", `${where} ${what}`, `give ${where} a value`);
        }
        break;
      }
      case "custom": {
        // The one refinement: values are taken as written, never trimmed.
        report(
          "surrounding-whitespace",
          path,
          "value",
          `${where} is ${shown}, with whitespace around it`,
          "remove the whitespace: values are used exactly as written",
        );
        break;
      }
      default: {
        // Formats (owner handles, dates), integer and range checks carry their own message.
        report("wrong-value", path, "value", `${where} is ${shown}: ${issue.message}`, fixFor(issue.message));
      }
    }
  }
  return { problems };
}

/** Values under `credentials` or a secret-looking key are never echoed, whatever is wrong with them. */
function mayEcho(path: ValuePath): boolean {
  return !path.some((segment) => segment === "credentials" || (typeof segment === "string" && isSecretField(segment)));
}

function fixFor(message: string): string {
  return `change the value so that ${message}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return article(typeof value);
}

export function valueAt(data: unknown, path: ValuePath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The field names the schema allows for the object at `path` (in the schema's own order). */
export function fieldsAt(schema: z.ZodType, path: ValuePath, data: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  for (let i = 0; i <= path.length && current !== undefined; i++) {
    current = unwrap(current, valueAt(data, path.slice(0, i)));
    if (i === path.length) break;
    const segment = path[i];
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else current = undefined;
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodDiscriminatedUnion) {
      const from = (value as { from?: unknown } | undefined)?.from;
      const options = current.options as z.ZodType[];
      const match = options.find(
        (option) => option instanceof z.ZodObject && (option.shape as { from?: z.ZodLiteral }).from?.value === from,
      );
      if (match === undefined) return current;
      current = match;
    } else return current;
  }
}
