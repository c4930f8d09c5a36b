/**
 * A Keycloak realm export (what `kc.sh export --realm <realm> --file realm.json`, `kc.sh export --dir`
 * (`<realm>-realm.json`) and the admin console's partial export write: a RealmRepresentation, or a
 * list of them for an export of every realm) read into the same plain shapes verify reads from the
 * admin API (realm.ts), so `import` treats a file and a live realm alike.
 *
 * Only the fields import reads are checked, each for its type; everything else in the file (users,
 * roles, flows, keys) is left alone. A file that is not such an export is one line: where, and what.
 */
import { z } from "zod";
import type { LiveRealm } from "./realm";
import { clientOf, clientScopeOf } from "./representations";

/** Keycloak writes attribute and config values as strings; older exports hold the odd number or boolean. */
const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

const mapperSchema = z.looseObject({
  name: z.string(),
  protocol: z.string().optional(),
  protocolMapper: z.string(),
  config: stringMap.optional(),
});

const clientScopeSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  description: z.string().optional(),
  protocol: z.string().optional(),
  attributes: stringMap.optional(),
  protocolMappers: z.array(mapperSchema).optional(),
});

const clientSchema = z.looseObject({
  id: z.string().optional(),
  clientId: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  protocol: z.string().optional(),
  enabled: z.boolean().optional(),
  publicClient: z.boolean().optional(),
  bearerOnly: z.boolean().optional(),
  standardFlowEnabled: z.boolean().optional(),
  implicitFlowEnabled: z.boolean().optional(),
  directAccessGrantsEnabled: z.boolean().optional(),
  serviceAccountsEnabled: z.boolean().optional(),
  consentRequired: z.boolean().optional(),
  fullScopeAllowed: z.boolean().optional(),
  redirectUris: z.array(z.string()).optional(),
  webOrigins: z.array(z.string()).optional(),
  attributes: stringMap.optional(),
  protocolMappers: z.array(mapperSchema).optional(),
  defaultClientScopes: z.array(z.string()).optional(),
  optionalClientScopes: z.array(z.string()).optional(),
});

const realmSchema = z.looseObject({
  realm: z.string().min(1),
  clientScopes: z.array(clientScopeSchema).optional(),
  clients: z.array(clientSchema).optional(),
});

/** A file that is not a realm export, or not the realm asked for: the command line's usage error. */
export class RealmExportError extends Error {}

/**
 * The realm in a parsed export. `realm` picks one realm of an export of several (and must match a
 * single realm's name when given).
 */
export function realmFromExport(document: unknown, file: string, realm?: string): LiveRealm {
  const realms = Array.isArray(document) ? document : [document];
  const candidates = realms.map((value, index) => {
    const parsed = realmSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = [...(Array.isArray(document) ? [index] : []), ...issue.path];
      const where = path.length === 0 ? "" : `${formatPath(path)}: `;
      throw new RealmExportError(`${file} is not a Keycloak realm export: ${where}${issueText(issue)}`);
    }
    return parsed.data;
  });
  const names = candidates.map((c) => c.realm);
  let chosen;
  if (realm !== undefined) {
    chosen = candidates.find((c) => c.realm === realm);
    if (chosen === undefined) {
      throw new RealmExportError(
        `${file} holds no realm ${JSON.stringify(realm)} (it holds ${names.map((n) => JSON.stringify(n)).join(", ") || "none"})`,
      );
    }
  } else if (candidates.length === 1) {
    chosen = candidates[0]!;
  } else {
    throw new RealmExportError(
      `${file} holds ${candidates.length === 0 ? "no realm" : `${candidates.length} realms (${names.map((n) => JSON.stringify(n)).join(", ")}): pick one with --realm`}`,
    );
  }
  return {
    realm: chosen.realm,
    clientScopes: (chosen.clientScopes ?? []).map(clientScopeOf),
    clients: (chosen.clients ?? []).map(clientOf),
  };
}

/** `clients[3].attributes["pkce.code.challenge.method"]` */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === "number"
        ? `[${part}]`
        : typeof part === "string" && /^[A-Za-z_$][\w$]*$/.test(part)
          ? `${i === 0 ? "" : "."}${part}`
          : `[${JSON.stringify(String(part))}]`,
    )
    .join("");
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    return `expected ${article(issue.expected)}, found ${describe(issue.input)}`;
  }
  if (issue.code === "too_small") return "must not be empty";
  return issue.message;
}

function article(type: string): string {
  return type === "array" ? "a list" : type === "object" ? "an object" : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
