/**
 * The comparison behind `verify`: one environment's plan against a live realm, as findings. Pure: it
 * reads plain data (the plan, and the realm as admin.ts read it) and talks to nothing, so every rule
 * is tested without Keycloak (test/unit/verify.test.ts).
 *
 * - MISSING: a planned client scope, mapper, client or scope attachment that the realm lacks.
 * - DIFFERS: a field the plan decides that holds something else, with expected → actual.
 * - EXTRA: something on a managed object that the plan does not have: a protocol mapper on a planned
 *   client scope or client (say a hand-added hardcoded `is_admin: true`, which `pulumi up --refresh`
 *   does not see, since no resource in the state holds it), or a scope attached to a planned client.
 * - ORPHAN: a client scope or client that the plan for this environment does not have, leaving out
 *   Keycloak's built-ins, the login client and what the ignore lists name.
 */
import { RESERVED_CLIENT_IDS, RESERVED_SCOPE_NAMES } from "../registry/builtins";
import type { Environment } from "../registry/environments";
import type { EnvironmentPlan, PlannedClient, PlannedScope } from "../registry/plan";
import { compareStrings } from "../registry/problems";
import {
  BOOLEAN_ATTRIBUTE_DEFAULTS,
  BOOLEAN_CONFIG_KEYS,
  clientTypeOf,
  expectedClient,
  expectedMappers,
  expectedScopeAttributes,
  splitPostLogoutRedirectUris,
  type ExpectedMapper,
} from "./expected";
import type { LiveClient, LiveClientScope, LiveMapper, LiveRealm } from "./realm";

export const FINDING_KINDS = ["MISSING", "DIFFERS", "EXTRA", "ORPHAN"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** What a finding is about. `scope`/`client` name the object it belongs to, when it belongs to one. */
export interface FindingObject {
  readonly type: "scope" | "mapper" | "client" | "default scope" | "optional scope" | "claim" | "audience";
  readonly name: string;
  readonly scope?: string;
  readonly client?: string;
}

export type FindingValue = string | boolean | readonly string[];

export interface Finding {
  readonly kind: FindingKind;
  readonly object: FindingObject;
  /** DIFFERS only: the field, in Keycloak's name for it, and the planned and the live value. */
  readonly field?: string;
  readonly expected?: FindingValue;
  readonly actual?: FindingValue;
  /** What else there is to say (EXTRA, ORPHAN). */
  readonly detail?: string;
}

/** Names left out of ORPHAN, read from registry.yaml (`verify.ignore`). Exact names. */
export interface IgnoreLists {
  readonly clients?: readonly string[];
  readonly scopes?: readonly string[];
}

export interface CompareOptions {
  readonly ignore?: IgnoreLists;
  /** The client verify logged in with, when it lives in the verified realm: never an orphan. */
  readonly loginClientId?: string | null;
  /**
   * Scopes and clients the registry defines for other environments only, with the environments it
   * has them in: still ORPHAN here (the plan for this environment does not have them), said so.
   */
  readonly elsewhere?: {
    readonly scopes?: ReadonlyMap<string, readonly Environment[]>;
    readonly clients?: ReadonlyMap<string, readonly Environment[]>;
  };
}

/** Every finding, ordered: planned scopes, planned clients (each by name), then orphans. */
export function compareRealm(plan: EnvironmentPlan, realm: LiveRealm, options: CompareOptions = {}): Finding[] {
  const liveScopes = new Map(realm.clientScopes.map((s) => [s.name, s]));
  const liveClients = new Map(realm.clients.map((c) => [c.clientId, c]));
  const findings: Finding[] = [];
  for (const scope of plan.scopes) findings.push(...compareScope(scope, liveScopes.get(scope.name)));
  for (const client of plan.clients) findings.push(...compareClient(client, liveClients.get(client.clientId)));
  findings.push(...orphans(plan, realm, options));
  return findings;
}

function compareScope(scope: PlannedScope, live: LiveClientScope | undefined): Finding[] {
  const object: FindingObject = { type: "scope", name: scope.name };
  if (live === undefined) return [{ kind: "MISSING", object }];
  const findings: Finding[] = [];
  const differs = (field: string, expected: FindingValue, actual: FindingValue) => {
    if (!sameValue(expected, actual)) findings.push({ kind: "DIFFERS", object, field, expected, actual });
  };
  differs("protocol", "openid-connect", live.protocol);
  differs("description", scope.description, live.description);
  for (const [key, expected] of Object.entries(expectedScopeAttributes(scope))) {
    differs(key, typed(key, expected), typed(key, attribute(live.attributes, key)));
  }
  findings.push(...compareMappers(expectedMappers(scope), live.mappers, { scope: scope.name }));
  return findings;
}

function compareMappers(
  expected: readonly ExpectedMapper[],
  live: readonly LiveMapper[],
  owner: { readonly scope: string } | { readonly client: string },
): Finding[] {
  const findings: Finding[] = [];
  const byName = new Map(live.map((m) => [m.name, m]));
  const planned = new Set(expected.map((m) => m.name));
  for (const mapper of [...expected].sort((a, b) => compareStrings(a.name, b.name))) {
    const object: FindingObject = { type: "mapper", name: mapper.name, ...owner };
    const actual = byName.get(mapper.name);
    if (actual === undefined) {
      findings.push({ kind: "MISSING", object });
      continue;
    }
    if (actual.protocolMapper !== mapper.protocolMapper) {
      // Another mapper type reads other config keys: comparing them would only repeat this line.
      findings.push({
        kind: "DIFFERS",
        object,
        field: "protocolMapper",
        expected: mapper.protocolMapper,
        actual: actual.protocolMapper,
      });
      continue;
    }
    for (const [key, value] of Object.entries(mapper.config)) {
      const want = configValue(key, value, mapper.config);
      const have = configValue(key, actual.config[key], actual.config);
      if (!sameValue(want, have)) findings.push({ kind: "DIFFERS", object, field: key, expected: want, actual: have });
    }
  }
  for (const mapper of [...live].sort((a, b) => compareStrings(a.name, b.name))) {
    if (planned.has(mapper.name)) continue;
    findings.push({
      kind: "EXTRA",
      object: { type: "mapper", name: mapper.name, ...owner },
      detail: `${describeMapper(mapper)}, not in the plan`,
    });
  }
  return findings;
}

/**
 * A config value by its meaning: booleans as Keycloak reads them (only "true" is true;
 * OIDCAttributeMapperHelper), an absent `userinfo.token.claim` following the ID token flag (its
 * backwards compatibility rule), and an absent string as "".
 */
function configValue(key: string, value: string | undefined, config: Readonly<Record<string, string>>): FindingValue {
  if (!BOOLEAN_CONFIG_KEYS.has(key)) return value ?? "";
  if (value === undefined && key === "userinfo.token.claim") return config["id.token.claim"] === "true";
  return value === "true";
}

/** `oidc-hardcoded-claim-mapper, claim "is_admin" = "true"`: enough to find it in the console. */
function describeMapper(mapper: LiveMapper): string {
  const claim = mapper.config["claim.name"];
  const value = mapper.config["claim.value"];
  const parts = [mapper.protocolMapper];
  if (claim !== undefined)
    parts.push(`claim ${JSON.stringify(claim)}${value !== undefined ? ` = ${JSON.stringify(value)}` : ""}`);
  return parts.join(", ");
}

function compareClient(client: PlannedClient, live: LiveClient | undefined): Finding[] {
  const object: FindingObject = { type: "client", name: client.clientId };
  if (live === undefined) return [{ kind: "MISSING", object }];
  const expected = expectedClient(client);
  const findings: Finding[] = [];
  const differs = (field: string, want: FindingValue, have: FindingValue) => {
    if (!sameValue(want, have)) findings.push({ kind: "DIFFERS", object, field, expected: want, actual: have });
  };
  differs("protocol", "openid-connect", live.protocol);
  differs("type", expected.type, clientTypeOf(live));
  differs("enabled", expected.enabled, live.enabled);
  differs("name", expected.name, live.name);
  differs("description", expected.description, live.description);
  differs("standardFlowEnabled", expected.standardFlowEnabled, live.standardFlowEnabled);
  differs("implicitFlowEnabled", expected.implicitFlowEnabled, live.implicitFlowEnabled);
  differs("directAccessGrantsEnabled", expected.directAccessGrantsEnabled, live.directAccessGrantsEnabled);
  differs("serviceAccountsEnabled", expected.serviceAccountsEnabled, live.serviceAccountsEnabled);
  for (const [key, value] of Object.entries(expected.attributes)) {
    differs(key, typed(key, value), typed(key, attribute(live.attributes, key)));
  }
  differs("consentRequired", expected.consentRequired, live.consentRequired);
  differs("fullScopeAllowed", expected.fullScopeAllowed, live.fullScopeAllowed);
  differs("rootUrl", expected.rootUrl, live.rootUrl);
  differs("baseUrl", expected.baseUrl, live.baseUrl);
  differs("frontchannelLogout", expected.frontchannelLogout, live.frontchannelLogout);
  differs("redirectUris", sorted(expected.redirectUris), sorted(live.redirectUris));
  differs(
    "post.logout.redirect.uris",
    sorted(expected.postLogoutRedirectUris),
    sorted(splitPostLogoutRedirectUris(live.attributes["post.logout.redirect.uris"])),
  );
  differs("webOrigins", sorted(expected.webOrigins), sorted(live.webOrigins));
  findings.push(...compareAttachments(client, live, expected));
  // The plan puts no mapper on a client: its claims come from client scopes.
  findings.push(...compareMappers([], live.mappers, { client: client.clientId }));
  return findings;
}

function compareAttachments(
  client: PlannedClient,
  live: LiveClient,
  expected: { readonly managesDefaultScopes: boolean; readonly managesOptionalScopes: boolean },
): Finding[] {
  const findings: Finding[] = [];
  const planned = new Map<string, "default" | "optional">();
  if (expected.managesDefaultScopes) for (const name of client.defaultScopes) planned.set(name, "default");
  if (expected.managesOptionalScopes) for (const name of client.optionalScopes) planned.set(name, "optional");
  const attached = new Map<string, "default" | "optional">();
  if (expected.managesDefaultScopes) for (const name of live.defaultScopes ?? []) attached.set(name, "default");
  if (expected.managesOptionalScopes) for (const name of live.optionalScopes ?? []) attached.set(name, "optional");
  const names = [...new Set([...planned.keys(), ...attached.keys()])].sort(compareStrings);
  for (const name of names) {
    const want = planned.get(name);
    const have = attached.get(name);
    if (want === have) continue;
    if (have === undefined) {
      findings.push({ kind: "MISSING", object: { type: `${want!} scope`, name, client: client.clientId } });
    } else if (want === undefined) {
      findings.push({
        kind: "EXTRA",
        object: { type: `${have} scope`, name, client: client.clientId },
        detail: "not in the plan",
      });
    } else {
      findings.push({
        kind: "DIFFERS",
        object: { type: "scope", name, client: client.clientId },
        field: "attached as",
        expected: want,
        actual: have,
      });
    }
  }
  return findings;
}

function orphans(plan: EnvironmentPlan, realm: LiveRealm, options: CompareOptions): Finding[] {
  const findings: Finding[] = [];
  const plannedScopes = new Set(plan.scopes.map((s) => s.name));
  const ignoredScopes = new Set(options.ignore?.scopes ?? []);
  for (const scope of [...realm.clientScopes].sort((a, b) => compareStrings(a.name, b.name))) {
    if (plannedScopes.has(scope.name) || ignoredScopes.has(scope.name) || isBuiltInScope(scope.name)) continue;
    findings.push({
      kind: "ORPHAN",
      object: { type: "scope", name: scope.name },
      detail: orphanDetail(plan.environment, options.elsewhere?.scopes?.get(scope.name)),
    });
  }
  const plannedClients = new Set(plan.clients.map((c) => c.clientId));
  const ignoredClients = new Set(options.ignore?.clients ?? []);
  for (const client of [...realm.clients].sort((a, b) => compareStrings(a.clientId, b.clientId))) {
    const id = client.clientId;
    if (plannedClients.has(id) || ignoredClients.has(id) || id === options.loginClientId) continue;
    if (isBuiltInClient(id, realm.realm)) continue;
    findings.push({
      kind: "ORPHAN",
      object: { type: "client", name: id },
      detail: orphanDetail(plan.environment, options.elsewhere?.clients?.get(id)),
    });
  }
  return findings;
}

function orphanDetail(environment: Environment, elsewhere: readonly Environment[] | undefined): string {
  return elsewhere === undefined || elsewhere.length === 0
    ? "not in the registry"
    : `not in the plan for ${environment} (the registry has it in ${elsewhere.join(", ")})`;
}

/**
 * Keycloak's own client scopes (the names a new Keycloak 26 realm holds, SAML ones included), by exact
 * name: RESERVED_SCOPE_NAMES holds them in their reserved form, which for these names is the name.
 */
export function isBuiltInScope(name: string): boolean {
  return RESERVED_SCOPE_NAMES.has(name);
}

/** Keycloak's own clients; the master realm also holds one `<realm>-realm` client per realm. */
export function isBuiltInClient(clientId: string, realm: string): boolean {
  return RESERVED_CLIENT_IDS.has(clientId) || (realm === "master" && clientId.endsWith("-realm"));
}

/** An attribute as stored, or what Keycloak assumes when it is not stored; "" for a missing text. */
function attribute(attributes: Readonly<Record<string, string>>, key: string): string {
  return attributes[key] ?? BOOLEAN_ATTRIBUTE_DEFAULTS[key] ?? "";
}

/** Boolean attributes are compared and shown as booleans, read as Keycloak does (Boolean.parseBoolean). */
function typed(key: string, value: string): FindingValue {
  return key in BOOLEAN_ATTRIBUTE_DEFAULTS ? value.toLowerCase() === "true" : value;
}

function sorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}

function sameValue(a: FindingValue, b: FindingValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** Counts by kind, every kind present (0 when none). */
export function countFindings(findings: readonly Finding[]): Record<FindingKind, number> {
  const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  for (const finding of findings) counts[finding.kind] += 1;
  return counts;
}

/**
 * One finding as one line: kind, object, detail. `MISSING  mapper tenant (scope https://…/tenant)`,
 * `DIFFERS  client app: redirectUris ["https://a"] → ["https://a", "https://b"]`.
 */
export function formatFinding(finding: Finding): string {
  const { object } = finding;
  const owner =
    object.scope !== undefined
      ? ` (scope ${object.scope})`
      : object.client !== undefined
        ? ` (client ${object.client})`
        : "";
  const what =
    finding.field !== undefined
      ? `: ${finding.field} ${formatValue(finding.expected)} → ${formatValue(finding.actual)}`
      : finding.detail !== undefined
        ? `: ${finding.detail}`
        : "";
  return `${finding.kind.padEnd(7)}  ${object.type} ${object.name}${owner}${what}`;
}

export function formatValue(value: FindingValue | undefined): string {
  if (value === undefined) return "(none)";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
}
