/**
 * `import`: a realm (read live through the admin API, or from a realm export) as registry files, for
 * one environment, merged into the files a previous import wrote. Pure: plain data in, plain data
 * out; the command line reads the realm and the existing files and writes the result
 * (src/cli/import-command.ts).
 *
 * - Client scopes are grouped into services by namespace: the name up to its last `/` (else `:`, else
 *   `.`), a namespace inside another one folded into it, so no namespace nests in another. A scope
 *   already in a file a previous import wrote stays there; otherwise a `prefix → service` mapping, or
 *   the namespace of such a file, decides first.
 * - Each protocol mapper becomes a claim through the table `pulumi up` and verify use
 *   (src/registry/keycloak-mappers.ts), an audience mapper the scope's `audience`.
 * - Keycloak's built-in scopes and own clients are left out, as verify leaves them out of its orphans.
 * - What the registry cannot say is a report line, never dropped silently: left out (the object or
 *   the mapper is not in the files), changed (`pulumi up` would store something else), differs (two
 *   environments disagree where the registry has one value), chosen (a value the registry needs and
 *   the realm does not hold, picked by import: check it).
 */
import {
  BASELINE_SCOPES,
  BUILT_IN_SCOPES,
  ENVIRONMENTS,
  FLOWS,
  IMPLICIT_SCOPE,
  RESERVED_CLIENT_IDS,
  RESERVED_SCOPE_NAMES,
  compareStrings,
  isReservedClientId,
  reservedForm,
  type Claim,
  type ClientFile,
  type Environment,
  type Flow,
  type EnvironmentPlan,
  type ScopeDefinition,
  type ScopeFile,
} from "../registry";
import { AUDIENCE_MAPPER_NAME } from "../registry/builtins";
import { AUDIENCE_MAPPER_TYPE, audienceFromMapper, claimFromMapper } from "../registry/keycloak-mappers";
import { compareRealm, formatFinding, isBuiltInClient, isBuiltInScope, type Finding } from "./compare";
import { BOOLEAN_ATTRIBUTE_DEFAULTS, splitPostLogoutRedirectUris } from "./expected";
import type { LiveClient, LiveClientScope, LiveRealm } from "./realm";

export const REPORT_KINDS = ["left out", "changed", "differs", "chosen"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportLine {
  /** The file the object is (or would be) in, relative to --out. */
  readonly file: string;
  readonly kind: ReportKind;
  /** `scope https://…/read`, `mapper "x" of scope https://…/read`, `client app`. */
  readonly subject: string;
  readonly reason: string;
  /** What verify would name for it (`scope:<name>`, `mapper:<scope> <name>`, `client:<id>`, …). */
  readonly keys: readonly string[];
}

/** `scopes/lab.yaml: left out: mapper "x" of scope https://…/read: the registry has no claim source …` */
export function formatReportLine(line: ReportLine): string {
  return `${line.file}: ${line.kind}: ${line.subject}: ${line.reason}`;
}

/** The registry files import writes, by key (file name without `.yaml`). */
export interface ImportedFiles {
  readonly scopeFiles: ReadonlyMap<string, ScopeFile>;
  readonly clientFiles: ReadonlyMap<string, ClientFile>;
}

export interface ImportOptions {
  readonly environment: Environment;
  /** The owners every new file gets (`--owner`). */
  readonly owners: readonly string[];
  /** Name prefix → service key (`--service <prefix>=<service>`); the longest matching prefix wins. */
  readonly services?: ReadonlyMap<string, string>;
  /** The client import logged in with, when it lives in the imported realm: not the registry's. */
  readonly loginClientId?: string | null;
}

export interface ImportResult {
  readonly files: ImportedFiles;
  /** Files a previous import wrote that no longer hold anything (every object left every environment). */
  readonly emptied: readonly string[];
  readonly report: readonly ReportLine[];
}

/** File keys: lower-case letters, digits and dashes (as load.ts requires of file names). */
export const FILE_KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The service key for scopes with no namespace (ids are their full names). */
export const NO_NAMESPACE_SERVICE = "other";

/** Path segments too generic to name a service (`https://example.org/oidc/` is `example`). */
const GENERIC_SEGMENTS = new Set(["oidc", "oauth", "oauth2", "scope", "scopes", "api", "auth", "www", "id", "urn"]);

export function scopeFilePath(key: string): string {
  return `scopes/${key}.yaml`;
}

export function clientFilePath(key: string): string {
  return `clients/${key}.yaml`;
}

interface Reporter {
  (file: string, kind: ReportKind, subject: string, reason: string, ...keys: string[]): void;
}

/** The realm as registry files for one environment, merged into `existing`. */
export function importRealm(realm: LiveRealm, options: ImportOptions, existing: ImportedFiles): ImportResult {
  const report: ReportLine[] = [];
  const add: Reporter = (file, kind, subject, reason, ...keys) => report.push({ file, kind, subject, reason, keys });
  const env = options.environment;

  // Scopes: read each, then place it in a service file.
  const scopes = [...realm.clientScopes].sort((a, b) => compareStrings(a.name, b.name));
  const placement = placeScopes(
    scopes.filter((s) => !isBuiltInScope(s.name)).map((s) => s.name),
    options.services ?? new Map(),
    existing.scopeFiles,
  );
  const imported = new Map<string, { key: string; namespace: string | undefined; definition: ScopeDefinition }>();
  for (const scope of scopes) {
    if (isBuiltInScope(scope.name)) continue;
    const place = placement.get(scope.name)!;
    const file = scopeFilePath(place.key);
    const subject = `scope ${scope.name}`;
    if (RESERVED_SCOPE_NAMES.has(reservedForm(scope.name))) {
      add(
        file,
        "left out",
        subject,
        "named like a built-in scope, which the registry never defines",
        `scope:${scope.name}`,
      );
      continue;
    }
    if (scope.protocol !== "openid-connect") {
      add(
        file,
        "left out",
        subject,
        `a ${scope.protocol || "protocol-less"} client scope; the registry defines OpenID Connect scopes`,
        `scope:${scope.name}`,
      );
      continue;
    }
    const definition = readScope(
      scope,
      scope.name.slice(place.namespace?.length ?? 0),
      env,
      (kind, what, reason, ...keys) => add(file, kind, what, reason, ...keys),
    );
    imported.set(scope.name, { key: place.key, namespace: place.namespace, definition });
  }

  // Clients.
  const clients = [...realm.clients].sort((a, b) => compareStrings(a.clientId, b.clientId));
  const importedClients = new Map<string, ClientFile>();
  for (const client of clients) {
    const id = client.clientId;
    if (isBuiltInClient(id, realm.realm) || RESERVED_CLIENT_IDS.has(id)) continue;
    const file = clientFilePath(id);
    const subject = `client ${id}`;
    const leftOut = (reason: string) => add(file, "left out", subject, reason, `client:${id}`);
    if (id === options.loginClientId) leftOut("the client import logged in with");
    else if (isReservedClientId(id)) leftOut("the registry reserves client ids of Keycloak's form (*-realm)");
    else if (!FILE_KEY.test(id)) {
      leftOut("its client id cannot be a registry file name (lower-case letters, digits and dashes)");
    } else if (client.protocol !== "openid-connect") {
      leftOut(`a ${client.protocol || "protocol-less"} client; the registry registers OpenID Connect clients`);
    } else if (!client.enabled) {
      leftOut("disabled in Keycloak; the registry provisions every client enabled");
    } else {
      importedClients.set(
        id,
        readClient(client, imported, options, (kind, what, reason, ...keys) => add(file, kind, what, reason, ...keys)),
      );
    }
  }

  const merged = merge(existing, imported, importedClients, options, add);
  return { ...merged, report };
}

// ---------------------------------------------------------------------------------------------------
// Scopes

type LocalReporter = (kind: ReportKind, subject: string, reason: string, ...keys: string[]) => void;

function readScope(scope: LiveClientScope, id: string, env: Environment, add: LocalReporter): ScopeDefinition {
  const subject = `scope ${scope.name}`;
  const key = `scope:${scope.name}`;
  const attributes = scope.attributes;
  const consentText = attributes["consent.screen.text"] ?? "";
  let summary = scope.description;
  if (summary === "") {
    summary = consentText !== "" ? consentText : id;
    add(
      "chosen",
      subject,
      `no description in Keycloak; summary set to ${JSON.stringify(summary)} (pulumi up writes it as the description)`,
      key,
    );
  }
  const display =
    (attributes["display.on.consent.screen"] ?? BOOLEAN_ATTRIBUTE_DEFAULTS["display.on.consent.screen"]) === "true";
  if (!display) {
    add("changed", subject, "display.on.consent.screen is off; the registry always shows consent text", key);
  } else if (consentText === "") {
    add(
      "changed",
      subject,
      "no consent.screen.text (Keycloak shows the scope's name); the registry shows the summary",
      key,
    );
  }
  const includeInTokenScope =
    (attributes["include.in.token.scope"] ?? BOOLEAN_ATTRIBUTE_DEFAULTS["include.in.token.scope"]).toLowerCase() ===
    "true";
  const managed = new Set(["consent.screen.text", "display.on.consent.screen", "include.in.token.scope"]);
  for (const [name, value] of sortedEntries(attributes)) {
    if (managed.has(name) || isNeutralAttribute(value)) continue;
    add("changed", subject, `attribute ${name} = ${JSON.stringify(value)} has no field in the registry`, key);
  }
  const claims: Claim[] = [];
  let audience: string | undefined;
  for (const mapper of [...scope.mappers].sort((a, b) => compareStrings(a.name, b.name))) {
    const what = `mapper ${JSON.stringify(mapper.name)} of ${subject}`;
    const mapperKey = `mapper:${scope.name} ${mapper.name}`;
    if (mapper.protocolMapper === AUDIENCE_MAPPER_TYPE) {
      const read = audienceFromMapper(mapper);
      if ("unsupported" in read) {
        add("left out", what, read.unsupported, mapperKey);
        continue;
      }
      if (audience !== undefined) {
        add(
          "left out",
          what,
          `a second audience mapper; the registry adds one audience per scope (kept ${JSON.stringify(audience)})`,
          mapperKey,
        );
        continue;
      }
      audience = read.audience;
      for (const change of read.changes)
        add("changed", what, change, mapperKey, `mapper:${scope.name} ${AUDIENCE_MAPPER_NAME}`);
      if (mapper.name !== AUDIENCE_MAPPER_NAME) {
        add(
          "changed",
          what,
          `the registry names the audience mapper ${JSON.stringify(AUDIENCE_MAPPER_NAME)}: pulumi up replaces it`,
          mapperKey,
          `mapper:${scope.name} ${AUDIENCE_MAPPER_NAME}`,
        );
      }
      continue;
    }
    const read = claimFromMapper(mapper);
    if (read.kind === "unsupported") {
      add("left out", what, read.reason, mapperKey);
      continue;
    }
    claims.push(read.claim);
    const plannedKey = `mapper:${scope.name} ${read.claim.name}`;
    for (const change of read.changes) add("changed", what, change, mapperKey, plannedKey);
    if (mapper.name !== read.claim.name) {
      add(
        "changed",
        what,
        `the registry names a claim's mapper after its claim ${JSON.stringify(read.claim.name)}: pulumi up replaces it`,
        mapperKey,
        plannedKey,
      );
    }
  }
  claims.sort((a, b) => compareStrings(a.name, b.name));
  return {
    id,
    summary,
    availability: [env],
    ...(audience !== undefined ? { audience } : {}),
    ...(display && consentText !== "" && consentText !== summary ? { consentText } : {}),
    ...(includeInTokenScope ? {} : { includeInTokenScope: false }),
    ...(claims.length > 0 ? { claims } : {}),
  };
}

/** Where each scope goes: its service file's key and namespace. */
function placeScopes(
  names: readonly string[],
  services: ReadonlyMap<string, string>,
  existing: ReadonlyMap<string, ScopeFile>,
): Map<string, { key: string; namespace: string | undefined }> {
  const placed = new Map<string, { key: string; namespace: string | undefined }>();
  const longest = <T>(name: string, prefixes: Iterable<[string, T]>): [string, T] | undefined => {
    let best: [string, T] | undefined;
    for (const entry of prefixes) {
      if (
        name.startsWith(entry[0]) &&
        name.length > entry[0].length &&
        (best === undefined || entry[0].length > best[0].length)
      )
        best = entry;
    }
    return best;
  };
  const existingNamespaces = [...existing].flatMap(([key, file]) =>
    file.namespace !== undefined ? [[file.namespace, key] as [string, string]] : [],
  );
  const existingNames = new Map(
    [...existing].flatMap(([key, file]) => file.scopes.map((s) => [(file.namespace ?? "") + s.id, key] as const)),
  );
  const inferred: string[] = [];
  for (const name of names) {
    // A scope already in a file stays there: moving it would define it twice.
    const known = existingNames.get(name);
    if (known !== undefined) {
      placed.set(name, { key: known, namespace: existing.get(known)!.namespace });
      continue;
    }
    const mapped = longest(name, services);
    if (mapped !== undefined) {
      placed.set(name, { key: mapped[1], namespace: mapped[0] });
      continue;
    }
    const file = longest(name, existingNamespaces);
    if (file !== undefined) {
      placed.set(name, { key: file[1], namespace: file[0] });
      continue;
    }
    inferred.push(name);
  }
  // Inferred namespaces; one inside another is folded into the outer one, so none nests in another.
  const candidates = new Map(inferred.map((name) => [name, namespaceOf(name)]));
  const outer = [...new Set(candidates.values())].filter((n): n is string => n !== undefined);
  const keys = new Map<string, string>();
  const taken = new Set<string>([...existing.keys(), ...services.values()]);
  for (const namespace of [...outer].sort(compareStrings)) {
    if (outer.some((other) => other !== namespace && namespace.startsWith(other))) continue;
    keys.set(namespace, uniqueKey(serviceKeyOf(namespace), taken));
  }
  let noNamespaceKey: string | undefined;
  for (const name of inferred) {
    const candidate = candidates.get(name);
    const namespace =
      candidate === undefined
        ? undefined
        : [...keys.keys()].filter((n) => candidate.startsWith(n)).sort((a, b) => a.length - b.length)[0];
    if (namespace === undefined) {
      noNamespaceKey ??= existingNoNamespace(existing) ?? uniqueKey(NO_NAMESPACE_SERVICE, taken);
      placed.set(name, { key: noNamespaceKey, namespace: undefined });
    } else placed.set(name, { key: keys.get(namespace)!, namespace });
  }
  return placed;
}

function existingNoNamespace(existing: ReadonlyMap<string, ScopeFile>): string | undefined {
  return [...existing].find(([, file]) => file.namespace === undefined)?.[0];
}

/** The name up to and including its last `/`, else its last `:`, else its last `.`; none without one. */
export function namespaceOf(name: string): string | undefined {
  for (const separator of ["/", ":", "."]) {
    const at = name.lastIndexOf(separator);
    if (at > 0 && at < name.length - 1) return name.slice(0, at + 1);
    if (at >= 0) return undefined;
  }
  return undefined;
}

/**
 * A service key for a namespace: its last path segment that says something, else its host's first
 * label (`https://github.com/fedora-infra/anitya/oidc/` → `anitya`, `https://mbs.example.org/oidc/` →
 * `mbs`, `urn:example:orders:` → `orders`), in lower case with dashes.
 */
export function serviceKeyOf(namespace: string): string {
  let parts: string[];
  let host: string | undefined;
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)(\/.*)?$/i.exec(namespace);
  if (url !== null) {
    host = url[1].replace(/:\d+$/, "");
    parts = (url[2] ?? "").split("/");
  } else parts = namespace.split(/[/:.]/);
  const segment = parts
    .map(slug)
    .filter((p) => p !== "" && !GENERIC_SEGMENTS.has(p))
    .at(-1);
  const fromHost = host
    ?.split(".")
    .map(slug)
    .find((label) => label !== "" && !GENERIC_SEGMENTS.has(label));
  return segment ?? fromHost ?? "service";
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

function uniqueKey(base: string, taken: Set<string>): string {
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

// ---------------------------------------------------------------------------------------------------
// Clients

/** The client attribute of each of the registry's lifespans (seconds). */
const LIFESPAN_ATTRIBUTES = {
  accessToken: "access.token.lifespan",
  clientSessionIdle: "client.session.idle.timeout",
  clientSessionMax: "client.session.max.lifespan",
} as const;

/** Keycloak's client attributes that the registry decides (read into flows, PKCE, URIs). */
const MANAGED_CLIENT_ATTRIBUTES = new Set([
  "pkce.code.challenge.method",
  "use.refresh.tokens",
  "oauth2.device.authorization.grant.enabled",
  "post.logout.redirect.uris",
  "frontchannel.logout.url",
  "backchannel.logout.url",
  ...Object.values(LIFESPAN_ATTRIBUTES),
]);

/** Client attributes Keycloak sets on its own, with the value that changes nothing (any value: null). */
const NEUTRAL_CLIENT_ATTRIBUTES: Readonly<Record<string, string | null>> = {
  "client.secret.creation.time": null,
  "backchannel.logout.session.required": "true",
  "frontchannel.logout.session.required": "true",
};

/** "", "false", "{}" and "[]" say nothing is set. */
function isNeutralAttribute(value: string): boolean {
  return value === "" || value.toLowerCase() === "false" || value === "{}" || value === "[]";
}

/** Flows that issue refresh tokens (a refresh_token flow needs one: the flow-client-type rule). */
const ISSUES_REFRESH_TOKENS: readonly Flow[] = ["authorization_code", "device_code", "password"];

function readClient(
  client: LiveClient,
  scopes: ReadonlyMap<string, { definition: ScopeDefinition }>,
  options: ImportOptions,
  add: LocalReporter,
): ClientFile {
  const id = client.clientId;
  const subject = `client ${id}`;
  const key = `client:${id}`;
  const type = client.bearerOnly ? "bearer-only" : client.publicClient ? "public" : "confidential";
  const attributes = client.attributes;
  const on = (name: string) =>
    (attributes[name] ?? BOOLEAN_ATTRIBUTE_DEFAULTS[name] ?? "false").toLowerCase() === "true";
  const switches: Partial<Record<Flow, boolean>> = {
    authorization_code: client.standardFlowEnabled,
    client_credentials: client.serviceAccountsEnabled,
    device_code: on("oauth2.device.authorization.grant.enabled"),
    password: client.directAccessGrantsEnabled,
  };
  let flows = FLOWS.filter((flow) => switches[flow] === true);
  if (client.implicitFlowEnabled) {
    add("changed", subject, "implicit flow on; the registry has no implicit flow (pulumi up turns it off)", key);
  }
  if (type === "bearer-only" && flows.length > 0) {
    add(
      "changed",
      subject,
      `${flows.join(", ")} on a bearer-only client, which obtains no tokens: left out (pulumi up turns them off)`,
      key,
    );
    flows = [];
  }
  const refresh = on("use.refresh.tokens");
  if (refresh && flows.some((f) => ISSUES_REFRESH_TOKENS.includes(f))) flows = [...flows, "refresh_token"];
  else if (refresh && type !== "bearer-only") {
    add(
      "changed",
      subject,
      "use.refresh.tokens is on, but no flow issues refresh tokens (pulumi up turns it off)",
      key,
    );
  } else if (refresh) {
    add("changed", subject, "use.refresh.tokens is on a bearer-only client (pulumi up turns it off)", key);
  }
  flows = FLOWS.filter((flow) => flows.includes(flow));
  const pkce = attributes["pkce.code.challenge.method"] ?? "";
  const expectedPkce = flows.includes("authorization_code") ? "S256" : "";
  if (pkce !== expectedPkce) {
    add(
      "changed",
      subject,
      expectedPkce === "S256"
        ? `PKCE ${pkce === "" ? "not required" : `method ${pkce}`}; the registry requires S256 with authorization_code (clients that send no S256 code challenge stop working)`
        : `PKCE method ${pkce} without authorization_code (pulumi up clears it)`,
      key,
    );
  }
  for (const [name, value] of sortedEntries(attributes)) {
    if (MANAGED_CLIENT_ATTRIBUTES.has(name) || isNeutralAttribute(value)) continue;
    const neutral = NEUTRAL_CLIENT_ATTRIBUTES[name];
    if (neutral === null || neutral === value) continue;
    add("changed", subject, `attribute ${name} = ${JSON.stringify(value)} has no field in the registry`, key);
  }
  for (const [name, value] of Object.entries(client.unmanaged ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
    const neutral =
      name === "authorizationServicesEnabled"
        ? value === false
        : name === "clientAuthenticatorType"
          ? value === "" || value === "client-secret"
          : value === "";
    if (!neutral) add("changed", subject, `${name} = ${JSON.stringify(value)} has no field in the registry`, key);
  }
  for (const mapper of [...client.mappers].sort((a, b) => compareStrings(a.name, b.name))) {
    add(
      "left out",
      `mapper ${JSON.stringify(mapper.name)} of ${subject}`,
      `mapper type ${mapper.protocolMapper} on the client itself; the registry releases claims through scopes`,
      `clientmapper:${id} ${mapper.name}`,
    );
  }
  let name = client.name;
  if (name === "") {
    name = id;
    add("chosen", subject, `no name in Keycloak; name set to ${JSON.stringify(id)} (pulumi up writes it)`, key);
  }

  // Scope lists: registry scopes imported, built-ins by name; the baseline implied, or opted out of.
  const lists: Record<"default" | "optional", string[]> = { default: [], optional: [] };
  const attached = { default: client.defaultScopes ?? [], optional: client.optionalScopes ?? [] };
  const redirectUris = sorted(client.redirectUris);
  const postLogoutRedirectUris = sorted(splitPostLogoutRedirectUris(attributes["post.logout.redirect.uris"]));
  const webOrigins = sorted(client.webOrigins);
  let omitBaseline: ("basic" | "acr" | "web-origins" | "service_account")[] = [];
  if (type === "bearer-only") {
    const count = attached.default.length + attached.optional.length;
    if (count > 0) {
      add(
        "left out",
        subject,
        `its ${count} attached scope${count === 1 ? "" : "s"}: a bearer-only client obtains no tokens, and the program leaves its attached scopes alone`,
        `attach:${id}`,
      );
    }
  } else {
    const baseline: string[] = [...BASELINE_SCOPES];
    if (flows.includes("client_credentials")) baseline.push("service_account");
    if (webOrigins.length > 0) baseline.push("web-origins");
    for (const kind of ["default", "optional"] as const) {
      for (const scope of sorted(attached[kind])) {
        if (scope === IMPLICIT_SCOPE) continue;
        if (kind === "default" && baseline.includes(scope)) continue;
        if (BUILT_IN_SCOPES.includes(scope) || scopes.has(scope)) lists[kind].push(scope);
        else {
          add("left out", subject, `${kind} scope ${scope}, which is not imported`, `attach:${id}`);
        }
      }
    }
    const everywhere = [...attached.default, ...attached.optional];
    omitBaseline = baseline.filter((scope) => !everywhere.includes(scope)) as typeof omitBaseline;
  }
  const frontchannelLogoutUrl = attributes["frontchannel.logout.url"] ?? "";
  const backchannelLogoutUrl = attributes["backchannel.logout.url"] ?? "";
  if (client.frontchannelLogout && frontchannelLogoutUrl === "") {
    add(
      "changed",
      subject,
      "front-channel logout is on without a URL; the registry turns it on with frontchannelLogoutUrl only (pulumi up turns it off)",
      key,
    );
  }
  const environment = {
    ...(redirectUris.length > 0 ? { redirectUris } : {}),
    ...(postLogoutRedirectUris.length > 0 ? { postLogoutRedirectUris } : {}),
    ...(webOrigins.length > 0 ? { webOrigins } : {}),
    ...(client.rootUrl !== "" ? { rootUrl: client.rootUrl } : {}),
    ...(client.baseUrl !== "" ? { baseUrl: client.baseUrl } : {}),
    ...(frontchannelLogoutUrl !== "" ? { frontchannelLogoutUrl } : {}),
    ...(backchannelLogoutUrl !== "" ? { backchannelLogoutUrl } : {}),
  };
  const lifespans: Partial<Record<keyof typeof LIFESPAN_ATTRIBUTES, number>> = {};
  for (const [field, attribute] of Object.entries(LIFESPAN_ATTRIBUTES) as [
    keyof typeof LIFESPAN_ATTRIBUTES,
    string,
  ][]) {
    const value = attributes[attribute] ?? "";
    if (value === "") continue;
    const number = Number(value);
    if (/^\d+$/.test(value) && number >= 1 && number <= 31_536_000) lifespans[field] = number;
    else
      add(
        "changed",
        subject,
        `attribute ${attribute} = ${JSON.stringify(value)} is not a lifespan the registry takes (1 to 31536000 seconds): left to the realm's`,
        key,
      );
  }
  const scopesField = {
    ...(lists.default.length > 0 ? { default: lists.default } : {}),
    ...(lists.optional.length > 0 ? { optional: lists.optional } : {}),
    ...(omitBaseline.length > 0 ? { omitBaseline } : {}),
  };
  const file: ClientFile = {
    clientId: id,
    name,
    owners: [...options.owners],
    ...(client.description !== "" ? { description: client.description } : {}),
    type,
    ...(flows.length > 0 ? { flows } : {}),
    ...(client.consentRequired ? { consentRequired: true } : {}),
    ...(Object.keys(scopesField).length > 0 ? { scopes: scopesField } : {}),
    ...(client.fullScopeAllowed ? { fullScopeAllowed: true } : {}),
    ...(Object.keys(lifespans).length > 0 ? { lifespans } : {}),
    environments: { [options.environment]: environment },
  };
  if (type === "confidential") {
    // Where the secret goes is the registry's to say: chosen here, reported when merged (merge()).
    const credentials = { kubernetes: { namespace: id.slice(0, 63).replace(/-+$/, ""), secretName: `${id}-oidc` } };
    return { ...file, credentials };
  }
  return file;
}

// ---------------------------------------------------------------------------------------------------
// Merging into the files of earlier imports

function merge(
  existing: ImportedFiles,
  scopes: ReadonlyMap<string, { key: string; namespace: string | undefined; definition: ScopeDefinition }>,
  clients: ReadonlyMap<string, ClientFile>,
  options: ImportOptions,
  add: Reporter,
): { files: ImportedFiles; emptied: string[] } {
  const env = options.environment;
  const scopeFiles = new Map<string, ScopeFile>();
  for (const [key, file] of existing.scopeFiles) {
    scopeFiles.set(key, { ...file, scopes: file.scopes.map((s) => ({ ...s })) });
  }
  const seen = new Set<string>();
  for (const [name, { key, namespace, definition }] of scopes) {
    seen.add(name);
    const file = scopeFiles.get(key);
    if (file === undefined) {
      scopeFiles.set(key, {
        service: key,
        ...(namespace !== undefined ? { namespace } : {}),
        owners: [...options.owners],
        scopes: [definition],
      });
      continue;
    }
    if (file.namespace !== namespace) {
      add(
        scopeFilePath(key),
        "left out",
        `scope ${name}`,
        `--service puts it in ${scopeFilePath(key)}, whose namespace is ${JSON.stringify(file.namespace ?? "")}, not ${JSON.stringify(namespace ?? "")}`,
        `scope:${name}`,
      );
      continue;
    }
    const index = file.scopes.findIndex((s) => (file.namespace ?? "") + s.id === name);
    if (index < 0) {
      file.scopes.push(definition);
      continue;
    }
    const before = file.scopes[index];
    const others = before.availability.filter((e) => e !== env);
    const differing = differingFields(before, definition, ["availability", "restricted", "deprecated"]);
    if (others.length > 0 && differing.length > 0) {
      add(
        scopeFilePath(key),
        "differs",
        `scope ${name}`,
        `${differing.join(", ")} in ${env} differ${differing.length === 1 ? "s" : ""} from ${others.join(", ")}; the registry has one value for every environment: kept ${others.join(", ")}'s`,
        `scope:${name}`,
      );
      file.scopes[index] = { ...before, availability: inOrder([...before.availability, env]) };
    } else {
      // What Keycloak does not hold (restriction, deprecation) stays as the file says.
      const { restricted, deprecated } = before;
      file.scopes[index] = {
        ...definition,
        availability: inOrder([...others, env]),
        ...(restricted !== undefined ? { restricted } : {}),
        ...(deprecated !== undefined ? { deprecated } : {}),
      };
    }
  }
  // What an earlier import of this environment found and the realm no longer holds leaves it.
  const emptied: string[] = [];
  for (const [key, file] of scopeFiles) {
    const kept = file.scopes.flatMap((scope) => {
      const name = (file.namespace ?? "") + scope.id;
      if (seen.has(name) || !scope.availability.includes(env)) return [scope];
      const availability = scope.availability.filter((e) => e !== env);
      add(
        scopeFilePath(key),
        "differs",
        `scope ${name}`,
        `no longer in the ${env} realm: ${env} taken out of its availability${availability.length === 0 ? ", and the scope out of the file" : ""}`,
        `scope:${name}`,
      );
      return availability.length === 0 ? [] : [{ ...scope, availability }];
    });
    if (kept.length === 0) {
      scopeFiles.delete(key);
      emptied.push(scopeFilePath(key));
    } else scopeFiles.set(key, { ...file, scopes: kept.sort((a, b) => compareStrings(a.id, b.id)) });
  }
  const availableIn = (name: string): readonly Environment[] => {
    for (const file of scopeFiles.values()) {
      const scope = file.scopes.find((s) => (file.namespace ?? "") + s.id === name);
      if (scope !== undefined) return scope.availability;
    }
    return BUILT_IN_SCOPES.includes(name) ? ENVIRONMENTS : [];
  };

  const clientFiles = new Map<string, ClientFile>(existing.clientFiles);
  for (const [id, client] of clients) {
    const before = clientFiles.get(id);
    const target = client.credentials?.kubernetes;
    if (target !== undefined && before?.credentials === undefined) {
      add(
        clientFilePath(id),
        "chosen",
        `client ${id}`,
        `credentials: its secret is delivered to the Kubernetes Secret ${target.namespace}/${target.secretName} (check the namespace); the secret Keycloak holds is not imported, and pulumi up sets a generated one`,
      );
    }
    if (before === undefined) {
      clientFiles.set(id, client);
      continue;
    }
    const differs = (reason: string, key: string) => add(clientFilePath(id), "differs", `client ${id}`, reason, key);
    clientFiles.set(id, mergeClient(before, client, env, availableIn, differs));
  }
  for (const [id, client] of clientFiles) {
    if (clients.has(id) || client.environments[env] === undefined) continue;
    const environments = { ...client.environments };
    delete environments[env];
    const left = Object.keys(environments).length;
    add(
      clientFilePath(id),
      "differs",
      `client ${id}`,
      `no longer in the ${env} realm: ${env} taken out of its environments${left === 0 ? ", and the file out of the registry" : ""}`,
      `client:${id}`,
    );
    if (left === 0) {
      clientFiles.delete(id);
      emptied.push(clientFilePath(id));
    } else clientFiles.set(id, { ...client, environments });
  }
  return { files: { scopeFiles, clientFiles }, emptied: emptied.sort(compareStrings) };
}

function mergeClient(
  before: ClientFile,
  now: ClientFile,
  env: Environment,
  availableIn: (name: string) => readonly Environment[],
  differs: (reason: string, key: string) => void,
): ClientFile {
  const clientKey = `client:${now.clientId}`;
  const attachKey = `attach:${now.clientId}`;
  const others = ENVIRONMENTS.filter((e) => e !== env && before.environments[e] !== undefined);
  // What Keycloak does not hold (owners, where the secret goes, justifications, trust) stays as the file says.
  const kept = {
    owners: before.owners,
    ...(before.credentials !== undefined && now.type === "confidential" ? { credentials: before.credentials } : {}),
    ...(before.justifications !== undefined ? { justifications: before.justifications } : {}),
    ...(before.trustedScopes !== undefined ? { trustedScopes: before.trustedScopes } : {}),
    ...(before.roles !== undefined ? { roles: before.roles } : {}),
    ...(before.serviceAccount !== undefined ? { serviceAccount: before.serviceAccount } : {}),
    ...(before.trustedClients !== undefined ? { trustedClients: before.trustedClients } : {}),
  };
  // An environment's own credentials target, which Keycloak does not hold either, stays too.
  const target = before.environments[env]?.credentials;
  if (target !== undefined && now.environments[env] !== undefined) {
    now = { ...now, environments: { ...now.environments, [env]: { ...now.environments[env], credentials: target } } };
  }
  if (others.length === 0) return { ...now, ...kept };
  const elsewhere = others.join(", ");
  const fields = differingFields(before, now, [
    "environments",
    "scopes",
    "consentRequired",
    "owners",
    "credentials",
    "justifications",
    "trustedScopes",
    "roles",
    "serviceAccount",
    "trustedClients",
  ]);
  if (fields.length > 0) {
    differs(
      `${fields.join(", ")} in ${env} differ${fields.length === 1 ? "s" : ""} from ${elsewhere}; the registry has one value for every environment: kept ${elsewhere}'s`,
      clientKey,
    );
  }
  // Scope lists: one list for every environment, each scope attached where it is available.
  const lists = { default: [...(before.scopes?.default ?? [])], optional: [...(before.scopes?.optional ?? [])] };
  for (const kind of ["default", "optional"] as const) {
    const other = kind === "default" ? "optional" : "default";
    for (const name of now.scopes?.[kind] ?? []) {
      if (lists[kind].includes(name)) continue;
      if (lists[other].includes(name)) {
        differs(`${name} is attached as ${kind} in ${env}, as ${other} in ${elsewhere}: kept ${other}`, attachKey);
      } else if (others.some((e) => availableIn(name).includes(e))) {
        differs(
          `${name} is attached as ${kind} in ${env}, not in ${elsewhere} where it is available too: left out of its list`,
          attachKey,
        );
      } else lists[kind].push(name);
    }
    for (const name of before.scopes?.[kind] ?? []) {
      const attachedNow = [...(now.scopes?.default ?? []), ...(now.scopes?.optional ?? [])].includes(name);
      if (!attachedNow && availableIn(name).includes(env)) {
        differs(
          `${name} is attached as ${kind} in ${elsewhere}, not in ${env} where it is available too: kept in its list`,
          attachKey,
        );
      }
    }
  }
  const omitted = before.scopes?.omitBaseline ?? [];
  if (JSON.stringify(omitted) !== JSON.stringify(now.scopes?.omitBaseline ?? [])) {
    differs(
      `the baseline scopes left out (omitBaseline) in ${env} differ from ${elsewhere}: kept ${elsewhere}'s`,
      attachKey,
    );
  }
  const scopes = {
    ...(lists.default.length > 0 ? { default: sorted(lists.default) } : {}),
    ...(lists.optional.length > 0 ? { optional: sorted(lists.optional) } : {}),
    ...(omitted.length > 0 ? { omitBaseline: [...omitted] } : {}),
  };
  const consent = now.consentRequired ?? false;
  const environment = {
    ...now.environments[env],
    ...(consent !== (before.consentRequired ?? false) ? { consentRequired: consent } : {}),
  };
  const merged: ClientFile = { ...before, environments: { ...before.environments, [env]: environment } };
  if (Object.keys(scopes).length > 0) merged.scopes = scopes;
  else delete merged.scopes;
  return { ...merged, ...kept };
}

/** The top-level fields whose values differ, except `ignored`. */
function differingFields(a: object, b: object, ignored: readonly string[]): string[] {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return [...new Set([...Object.keys(x), ...Object.keys(y)])]
    .filter((key) => !ignored.includes(key) && JSON.stringify(canonical(x[key])) !== JSON.stringify(canonical(y[key])))
    .sort(compareStrings);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

function inOrder(environments: readonly Environment[]): Environment[] {
  return ENVIRONMENTS.filter((e) => environments.includes(e));
}

function sorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}

function sortedEntries(values: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(values).sort(([a], [b]) => compareStrings(a, b));
}

// ---------------------------------------------------------------------------------------------------
// The safety net

/**
 * What verify would still find between the imported files' plan and the realm, for anything the
 * report does not already name: each such finding is a report line too, so nothing the registry
 * cannot express goes unsaid, whatever import's own reading missed.
 */
export function unexplainedFindings(
  plan: EnvironmentPlan,
  realm: LiveRealm,
  files: ImportedFiles,
  report: readonly ReportLine[],
  loginClientId: string | null,
): ReportLine[] {
  const covered = new Set(report.flatMap((line) => line.keys));
  const fileOfScope = (name: string): string => {
    for (const [key, file] of files.scopeFiles) {
      if (file.scopes.some((s) => (file.namespace ?? "") + s.id === name)) return scopeFilePath(key);
    }
    return "scopes/";
  };
  return compareRealm(plan, realm, { loginClientId })
    .filter((finding) => !covered.has(findingKey(finding)))
    .map((finding) => ({
      file:
        finding.object.client !== undefined || finding.object.type === "client"
          ? clientFilePath(finding.object.client ?? finding.object.name)
          : fileOfScope(finding.object.scope ?? finding.object.name),
      kind: "changed" as const,
      subject: "verify would report",
      reason: formatFinding(finding).replace(/\s+/g, " "),
      keys: [findingKey(finding)],
    }));
}

/** The report key (ReportLine.keys) a verify finding is about. */
function findingKey(finding: Finding): string {
  const { object } = finding;
  switch (object.type) {
    case "mapper":
      return object.client !== undefined
        ? `clientmapper:${object.client} ${object.name}`
        : `mapper:${object.scope ?? ""} ${object.name}`;
    case "default scope":
    case "optional scope":
      return `attach:${object.client ?? ""}`;
    case "scope":
      return object.client !== undefined ? `attach:${object.client}` : `scope:${object.name}`;
    case "client":
      return `client:${object.name}`;
    default:
      return `${object.type}:${object.name}`;
  }
}
