/**
 * What a claim definition means, independent of how it was written: used to tell whether two scopes
 * release "the same claim" and to plan the protocol mapper behind each claim.
 */
import type { Claim, ClaimType, Placement } from "./schema";
import { PLACEMENTS } from "./schema";

/** The normalised definition of a claim: defaults filled in, placement left out. */
export interface ClaimDefinition {
  readonly name: string;
  readonly from: Claim["from"];
  /** Source-specific settings: attribute, property, fullPath, prefix, client, value, note. */
  readonly settings: Readonly<Record<string, string | boolean>>;
  readonly type: ClaimType;
  readonly multivalued: boolean;
}

export function claimDefinition(claim: Claim): ClaimDefinition {
  switch (claim.from) {
    case "attribute":
      return {
        name: claim.name,
        from: claim.from,
        settings: { attribute: claim.attribute },
        type: claim.type ?? "string",
        multivalued: claim.multivalued ?? false,
      };
    case "property":
      return {
        name: claim.name,
        from: claim.from,
        settings: { property: claim.property },
        type: claim.property === "emailVerified" ? "boolean" : "string",
        multivalued: false,
      };
    case "groups":
      return {
        name: claim.name,
        from: claim.from,
        settings: { fullPath: claim.fullPath ?? false },
        type: "string",
        multivalued: true,
      };
    case "realm-roles":
      return {
        name: claim.name,
        from: claim.from,
        settings: { prefix: claim.prefix ?? "" },
        type: "string",
        multivalued: true,
      };
    case "client-roles":
      return {
        name: claim.name,
        from: claim.from,
        settings: { client: claim.client, prefix: claim.prefix ?? "" },
        type: "string",
        multivalued: true,
      };
    case "constant":
      return {
        name: claim.name,
        from: claim.from,
        settings: { value: constantText(claim.value) },
        type: claim.type ?? "string",
        multivalued: false,
      };
    case "full-name":
      return { name: claim.name, from: claim.from, settings: {}, type: "string", multivalued: false };
    case "session-note":
      return {
        name: claim.name,
        from: claim.from,
        settings: { note: claim.note },
        type: claim.type ?? "string",
        multivalued: false,
      };
  }
}

/** Whether two definitions release the same claim the same way (every setting compared by key). */
export function sameDefinition(a: ClaimDefinition, b: ClaimDefinition): boolean {
  return canonical(a) === canonical(b);
}

function canonical(definition: ClaimDefinition): string {
  const settings = Object.entries(definition.settings).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify([definition.name, definition.from, settings, definition.type, definition.multivalued]);
}

/** `attribute cla (string, multivalued)`: how a definition is named in messages and reports. */
export function describeDefinition(definition: ClaimDefinition): string {
  const settings = Object.entries(definition.settings)
    .filter(([, value]) => value !== "" && value !== false)
    .map(([key, value]) => (value === true ? key : key === "value" ? JSON.stringify(value) : String(value)));
  const shape = `${definition.type}${definition.multivalued ? ", multivalued" : ""}`;
  return [definition.from, ...settings].join(" ") + ` (${shape})`;
}

/**
 * Where a claim goes, in the order id_token, access_token, userinfo, introspection: what `in` lists
 * (every place when omitted), and the introspection response wherever the access token holds it,
 * since that response describes the access token (Keycloak does the same for a mapper without an
 * introspection switch).
 */
export function placement(claim: Claim): readonly Placement[] {
  const listed: readonly Placement[] = claim.in ?? PLACEMENTS;
  return PLACEMENTS.filter((p) => listed.includes(p) || (p === "introspection" && listed.includes("access_token")));
}

/** The text Keycloak stores for a constant's value: a YAML number or boolean as its canonical text. */
export function constantText(value: string | number | boolean): string {
  return typeof value === "string" ? value : String(value);
}

/**
 * Why a constant written as a YAML number or boolean does not fit its declared type (undefined when it
 * does, or when it is text). A number is accepted only as a whole number for `integer` or `long`, a
 * boolean only for `boolean`: anything else would be stored as text, so it must be quoted.
 */
export function typedConstantProblem(
  value: string | number | boolean,
  type: ClaimType | undefined,
): string | undefined {
  if (typeof value === "string") return undefined;
  if (typeof value === "boolean") return type === "boolean" ? undefined : "a YAML boolean";
  if ((type === "integer" || type === "long") && Number.isSafeInteger(value)) return undefined;
  return "a YAML number";
}

/** Whether a constant claim's text can be read as its declared type. */
export function constantFitsType(value: string, type: ClaimType): boolean {
  switch (type) {
    case "string":
      return true;
    case "integer":
      return /^-?\d+$/.test(value) && BigInt(value) >= -(2n ** 31n) && BigInt(value) < 2n ** 31n;
    case "long":
      return /^-?\d+$/.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n;
    case "boolean":
      return value === "true" || value === "false";
    case "json":
      try {
        JSON.parse(value);
        return true;
      } catch {
        return false;
      }
  }
}

/** The claim rules import it from here; the table it comes from lives with the other built-in facts. */
export { BUILT_IN_SCOPE_CLAIMS } from "./builtins";
