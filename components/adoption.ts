/**
 * The adoption file a stack names (`adoptFile`, written by `registry adopt`): read and checked before
 * anything is registered, then consulted per resource. A file made for another realm or environment is
 * refused, so that no stack imports another's objects.
 */
import { readFileSync } from "node:fs";
import { adoptionSchema, importKey, type ImportKind } from "../src/registry";

export interface AdoptionSettings {
  /** The import id of a resource that already exists in the realm, or undefined: create it. */
  importId(kind: ImportKind, logicalName: string): string | undefined;
  /** Whether a confidential client keeps the secret Keycloak holds. */
  keepsSecret(clientId: string): boolean;
}

export class AdoptionError extends Error {}

export function readAdoption(path: string, expected: { realm: string; environment: string }): AdoptionSettings {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new AdoptionError(
      `adoptFile ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}): run registry adopt, or unset adoptFile`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AdoptionError(`adoptFile ${path} is not JSON: write it with registry adopt`);
  }
  const result = adoptionSchema.safeParse(parsed);
  if (!result.success) {
    throw new AdoptionError(
      `adoptFile ${path} is not an adoption file (${result.error.issues[0]?.path.join(".") || "top level"}: ${result.error.issues[0]?.message ?? "invalid"}): write it with registry adopt`,
    );
  }
  const adoption = result.data;
  if (adoption.realm !== expected.realm || adoption.environment !== expected.environment) {
    throw new AdoptionError(
      `adoptFile ${path} was made for realm ${adoption.realm} (${adoption.environment}), but this stack provisions realm ${expected.realm} (${expected.environment})`,
    );
  }
  const imports = new Map(Object.entries(adoption.imports));
  const kept = new Set(adoption.keptSecrets);
  return {
    importId: (kind, logicalName) => imports.get(importKey(kind, logicalName)),
    keepsSecret: (clientId) => kept.has(clientId),
  };
}

/** No adoption: every resource is created. */
export const NO_ADOPTION: AdoptionSettings = { importId: () => undefined, keepsSecret: () => false };
