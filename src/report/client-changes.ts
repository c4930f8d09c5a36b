/**
 * How one environment's clients change: added, promoted, removed; for a client on both sides, the
 * scopes it gains, loses or moves between default and optional (with the claims that come or go with
 * them), its flows, URIs, consent and where its secret is delivered. Never a secret: only the
 * Kubernetes namespace and Secret name, and the rotation counter.
 *
 * REVIEW marks what widens who can obtain tokens or where they go: a new grant type, a new redirect
 * URI, post-logout redirect URI or web origin in production (or a wildcard one anywhere), a restricted
 * scope, consent turned off, a rotated secret or a new place the secret is delivered to, new owners.
 */
import type { Environment, EnvironmentPlan, Flow, PlannedClient } from "../registry";
import type { ChangeList, EnvironmentComparison } from "./change";
import { code, codeList } from "./markdown";
import { claimsNote, OWNERS_REVIEW, ownersChange, scopeRenames } from "./scope-changes";

type Kind = "default" | "optional";

/** What a new grant type lets the client do, for the reviewer. */
const FLOW_REVIEW: Readonly<Record<Flow, string>> = {
  authorization_code: "users can sign in to it, and their authorization codes go to its redirect URIs",
  client_credentials: "it obtains tokens of its own, without any user (a service account)",
  device_code: "users can sign in to it by entering a code shown on another device, which phishing abuses",
  refresh_token: "it can renew its tokens without the user",
  password: "it handles users' passwords itself (resource owner password credentials)",
};

type UriKind = "client-redirect-uri" | "client-post-logout-redirect-uri" | "client-web-origin";

/** What a new URI lets happen, for the reviewer. */
const URI_REVIEW: Readonly<Record<UriKind, string>> = {
  "client-redirect-uri": "authorization codes and tokens are sent there",
  "client-post-logout-redirect-uri": "users are sent there after signing out",
  "client-web-origin": "scripts on that origin may call Keycloak for this client (CORS)",
};

/** The same, for a wildcard URI. */
const WILDCARD_REVIEW: Readonly<Record<UriKind, string>> = {
  "client-redirect-uri": "authorization codes and tokens can be sent to any URI it matches",
  "client-post-logout-redirect-uri": "users can be sent to any URI it matches after signing out",
  "client-web-origin": "scripts on any origin it matches may call Keycloak for this client (CORS)",
};

const URI_WHAT: Readonly<Record<UriKind, string>> = {
  "client-redirect-uri": "redirect URI",
  "client-post-logout-redirect-uri": "post-logout redirect URI",
  "client-web-origin": "web origin",
};

const URI_FIELDS = {
  "client-redirect-uri": "redirectUris",
  "client-post-logout-redirect-uri": "postLogoutRedirectUris",
  "client-web-origin": "webOrigins",
} as const satisfies Record<UriKind, keyof PlannedClient>;

export function clientChanges(comparison: EnvironmentComparison, list: ChangeList): void {
  const base = new Map(comparison.base.clients.map((c) => [c.clientId, c]));
  const head = new Map(comparison.head.clients.map((c) => [c.clientId, c]));
  const ids = [...new Set([...base.keys(), ...head.keys()])].sort();
  for (const id of ids) {
    const before = base.get(id);
    const after = head.get(id);
    const subject = { client: id };
    if (before === undefined && after !== undefined) {
      const promoted = comparison.baseRegistry.clients.has(id);
      const reasons = newClientReview(after, comparison);
      list.add(
        reasons.length > 0 ? "REVIEW" : "SAFE",
        promoted ? "client-promoted" : "client-added",
        subject,
        `client ${code(id)} ${promoted ? "becomes available (promoted)" : "is added"}${claimsNote(after.claims)}` +
          (reasons.length > 0 ? `; to review: ${reasons.join("; ")}` : ""),
      );
      if (promoted) ownerChange(id, comparison, list);
    } else if (before !== undefined && after === undefined) {
      const demoted = comparison.headRegistry.clients.has(id);
      list.add(
        "BREAKING",
        demoted ? "client-demoted" : "client-removed",
        subject,
        `client ${code(id)} ${demoted ? `is no longer provisioned in ${comparison.environment} (demoted)` : "is removed"}`,
      );
    } else if (before !== undefined && after !== undefined) {
      ownerChange(id, comparison, list);
      changedClient(before, after, comparison, list);
    }
  }
}

function ownerChange(clientId: string, comparison: EnvironmentComparison, list: ChangeList): void {
  const before = comparison.baseRegistry.clients.get(clientId);
  const after = comparison.headRegistry.clients.get(clientId);
  if (before === undefined || after === undefined) return;
  const change = ownersChange(before.definition.owners, after.definition.owners);
  if (change === null) return;
  list.add(
    "REVIEW",
    "owners",
    { client: clientId },
    `client file ${code(after.file.source.path)} changes its owners: ${change}; ${OWNERS_REVIEW}`,
  );
}

/**
 * What a client new in this environment brings that a reviewer must see: the restricted scopes it
 * gets, wildcard URIs anywhere, and in production every URI.
 */
function newClientReview(client: PlannedClient, comparison: EnvironmentComparison): string[] {
  const reasons: string[] = [];
  const restricted = [...client.defaultScopes, ...client.optionalScopes].filter((name) =>
    comparison.head.scopes.some((s) => s.name === name && s.restricted !== null),
  );
  if (restricted.length > 0) {
    reasons.push(
      `${restricted.length === 1 ? "restricted scope" : "restricted scopes"} ${codeList(restricted.sort())}`,
    );
  }
  for (const kind of Object.keys(URI_FIELDS) as UriKind[]) {
    const uris = client[URI_FIELDS[kind]].filter((uri) => reviewUri(comparison.environment, uri));
    if (uris.length > 0) reasons.push(`${URI_WHAT[kind]}${uris.length === 1 ? "" : "s"} ${codeList(uris)}`);
  }
  return reasons;
}

/** Whether a URI new to a client needs a reviewer: any in production, a wildcard anywhere. */
function reviewUri(environment: Environment, uri: string): boolean {
  return environment === "production" || uri.includes("*");
}

function changedClient(
  before: PlannedClient,
  after: PlannedClient,
  comparison: EnvironmentComparison,
  list: ChangeList,
): void {
  const client = code(after.clientId);
  const subject = { client: after.clientId };
  if (before.name !== after.name) {
    list.add(
      "SAFE",
      "client-name",
      subject,
      `client ${client} is renamed from ${JSON.stringify(before.name)} to ${JSON.stringify(after.name)}`,
    );
  }
  if (before.type !== after.type) {
    list.add("BREAKING", "client-type", subject, `client ${client} changes type from ${before.type} to ${after.type}`);
  }
  for (const flow of before.flows.filter((f) => !after.flows.includes(f))) {
    list.add("BREAKING", "client-flow", subject, `client ${client} can no longer use the ${code(flow)} flow`);
  }
  for (const flow of after.flows.filter((f) => !before.flows.includes(f))) {
    list.add(
      "REVIEW",
      "client-flow",
      subject,
      `client ${client} can now use the ${code(flow)} flow: ${FLOW_REVIEW[flow]}`,
    );
  }

  scopeListChanges(before, after, comparison, list);

  for (const kind of Object.keys(URI_FIELDS) as UriKind[]) {
    uriChanges(list, comparison.environment, after.clientId, kind, before[URI_FIELDS[kind]], after[URI_FIELDS[kind]]);
  }

  if (before.consentRequired !== after.consentRequired) {
    if (after.consentRequired) {
      list.add("SAFE", "client-consent", subject, `client ${client} now asks users for consent`);
    } else {
      const override =
        comparison.headRegistry.clients.get(after.clientId)?.definition.environments[comparison.environment]
          ?.consentRequired === false;
      list.add(
        "REVIEW",
        "client-consent",
        subject,
        `client ${client} no longer asks users for consent` +
          (override ? ` (${code(`environments.${comparison.environment}.consentRequired: false`)})` : "") +
          ": it receives the claims of the scopes it requests without users agreeing",
      );
    }
  }
  credentialChanges(before, after, list);
  roleChanges(before, after, list);
  settingChanges(before, after, comparison.environment, list);
}

function roleChanges(before: PlannedClient, after: PlannedClient, list: ChangeList): void {
  const client = code(after.clientId);
  const subject = { client: after.clientId };
  const names = (c: PlannedClient) => c.roles.map((r) => r.name);
  for (const role of names(before).filter((r) => !names(after).includes(r))) {
    list.add(
      "BREAKING",
      "client-role",
      subject,
      `client ${client} no longer defines role ${code(role)}: every user and service account that holds it loses it`,
    );
  }
  for (const role of names(after).filter((r) => !names(before).includes(r))) {
    list.add("SAFE", "client-role", subject, `client ${client} defines role ${code(role)}`);
  }
  const held = (c: PlannedClient) =>
    c.serviceAccountRoles.map((r) =>
      r.client === null ? `realm role ${code(r.role)}` : `role ${code(r.role)} of ${code(r.client)}`,
    );
  for (const role of held(before).filter((r) => !held(after).includes(r))) {
    list.add(
      "BREAKING",
      "client-service-account-role",
      subject,
      `the service account of client ${client} no longer holds ${role}`,
    );
  }
  for (const role of held(after).filter((r) => !held(before).includes(r))) {
    list.add(
      "REVIEW",
      "client-service-account-role",
      subject,
      `the service account of client ${client} holds ${role}: the client's own tokens carry it, without any user`,
    );
  }
  if (before.fullScopeAllowed !== after.fullScopeAllowed) {
    list.add(
      after.fullScopeAllowed ? "REVIEW" : "BREAKING",
      "client-full-scope",
      subject,
      after.fullScopeAllowed
        ? `client ${client} gets full scope: its tokens carry every role the user holds, in every realm-roles or client-roles claim`
        : `client ${client} no longer gets full scope: its tokens carry only its own roles, those its service account holds and those its scopes map`,
    );
  }
}

const URL_FIELDS = ["rootUrl", "baseUrl", "frontchannelLogoutUrl", "backchannelLogoutUrl"] as const;

/** Logout URLs receive users (front channel) or logout tokens (back channel): new ones in production are reviewed. */
const URL_REVIEW: Partial<Record<(typeof URL_FIELDS)[number], string>> = {
  frontchannelLogoutUrl: "users' browsers load it when they sign out",
  backchannelLogoutUrl: "Keycloak sends it a logout token for each session that ends",
};

const LIFESPAN_WHAT = {
  accessToken: "access tokens",
  clientSessionIdle: "idle client sessions",
  clientSessionMax: "client sessions",
} as const;

function settingChanges(before: PlannedClient, after: PlannedClient, environment: Environment, list: ChangeList): void {
  const client = code(after.clientId);
  const subject = { client: after.clientId };
  for (const field of URL_FIELDS) {
    const [was, is] = [before[field], after[field]];
    if (was === is) continue;
    const review = is !== null && environment === "production" ? URL_REVIEW[field] : undefined;
    const text =
      is === null
        ? `client ${client} no longer sets ${field} (was ${code(was ?? "")})`
        : `client ${client} sets ${field} to ${code(is)}${was === null ? "" : ` (was ${code(was)})`}`;
    list.add(review ? "REVIEW" : "SAFE", "client-url", subject, review ? `${text}: ${review}` : text);
  }
  for (const field of Object.keys(LIFESPAN_WHAT) as (keyof typeof LIFESPAN_WHAT)[]) {
    const [was, is] = [before.lifespans[field], after.lifespans[field]];
    if (was === is) continue;
    const seconds = (value: number | null) => (value === null ? "the realm's" : `${value} s`);
    const shorter = was !== null && is !== null && is < was;
    const reason =
      was !== null && is !== null
        ? ": a token or session that leaks stays usable longer"
        : ": compare it with the realm's setting; a token or session that leaks stays usable as long as it lives";
    list.add(
      shorter ? "SAFE" : "REVIEW",
      "client-lifespan",
      subject,
      `client ${client}'s ${LIFESPAN_WHAT[field]} live ${seconds(is)} instead of ${seconds(was)}${shorter ? "" : reason}`,
    );
  }
}

function attached(client: PlannedClient): Map<string, Kind> {
  const kinds = new Map<string, Kind>();
  for (const name of client.defaultScopes) kinds.set(name, "default");
  for (const name of client.optionalScopes) kinds.set(name, "optional");
  return kinds;
}

function scopeListChanges(
  before: PlannedClient,
  after: PlannedClient,
  comparison: EnvironmentComparison,
  list: ChangeList,
): void {
  const client = code(after.clientId);
  const { environment } = comparison;
  const old = attached(before);
  const now = attached(after);

  // A scope renamed in place (its file's namespace changed) that the client follows: one change.
  for (const [oldName, newName] of scopeRenames(comparison)) {
    const was = old.get(oldName);
    const is = now.get(newName);
    if (was === undefined || is === undefined || now.has(oldName) || old.has(newName)) continue;
    old.delete(oldName);
    now.delete(newName);
    list.add(
      "BREAKING",
      "client-scope-renamed",
      { client: after.clientId, scope: newName },
      `client ${client} keeps ${was} scope ${code(oldName)} under its new name ${code(newName)}` +
        (was !== is ? `, now as ${is}` : "") +
        ": the application must request the new name, and APIs that check the old one stop accepting its tokens",
    );
  }

  const names = [...new Set([...old.keys(), ...now.keys()])].sort();
  for (const name of names) {
    const was = old.get(name);
    const is = now.get(name);
    const subject = { client: after.clientId, scope: name };
    if (was === undefined && is !== undefined) {
      const restricted = comparison.head.scopes.find((s) => s.name === name)?.restricted ?? null;
      const justification =
        comparison.headRegistry.clients.get(after.clientId)?.definition.justifications?.[name] ?? null;
      list.add(
        restricted !== null ? "REVIEW" : "SAFE",
        "client-scope-gained",
        subject,
        `client ${client} gains ${is} scope ${code(name)}${claimsNote(releasedBy(comparison.head, name))}` +
          (restricted !== null
            ? `, which is restricted (${JSON.stringify(restricted.reason)})` +
              (justification !== null ? `; its justification: ${JSON.stringify(justification)}` : "")
            : ""),
      );
    } else if (was !== undefined && is === undefined) {
      const unavailable = after.notYetAvailable.some((m) => m.name === name);
      list.add(
        "BREAKING",
        "client-scope-lost",
        subject,
        `client ${client} loses ${was} scope ${code(name)}${claimsNote(releasedBy(comparison.base, name))}` +
          (unavailable ? `: it is no longer available in ${environment}` : ""),
      );
    } else if (was !== undefined && is !== undefined && was !== is) {
      list.add(
        is === "optional" ? "BREAKING" : "SAFE",
        "client-scope-moved",
        subject,
        `client ${client} moves scope ${code(name)} from ${was} to ${is}${claimsNote(releasedBy(comparison.head, name))}` +
          // The provider refuses this move in one update (see components/registered-client.ts).
          (is === "optional"
            ? "; apply it in two updates: remove it from the default scopes, then add it to the optional ones"
            : ""),
      );
    }
  }
  const listedBefore = new Set([...attached(before).keys(), ...before.notYetAvailable.map((m) => m.name)]);
  for (const missing of after.notYetAvailable) {
    if (listedBefore.has(missing.name)) continue;
    list.add(
      "SAFE",
      "client-scope-not-yet-available",
      { client: after.clientId, scope: missing.name },
      `client ${client} lists ${missing.kind} scope ${code(missing.name)}, ${notYetAvailable(environment)}`,
    );
  }
}

function notYetAvailable(environment: Environment): string {
  return `not yet available in ${environment}: provisioned without it until it is promoted`;
}

/** Claims a registry scope releases in this environment; built-in scopes' standard claims are not listed. */
function releasedBy(plan: EnvironmentPlan, scope: string): readonly { name: string }[] {
  return plan.scopes.find((s) => s.name === scope)?.claims ?? [];
}

function uriChanges(
  list: ChangeList,
  environment: Environment,
  clientId: string,
  kind: UriKind,
  before: readonly string[],
  after: readonly string[],
): void {
  const what = URI_WHAT[kind];
  const subject = { client: clientId };
  for (const uri of before.filter((u) => !after.includes(u)).sort()) {
    list.add("BREAKING", kind, subject, `client ${code(clientId)} no longer accepts ${what} ${code(uri)}`);
  }
  for (const uri of after.filter((u) => !before.includes(u)).sort()) {
    const text = `client ${code(clientId)} accepts ${what} ${code(uri)}`;
    if (uri.includes("*")) {
      list.add("REVIEW", kind, subject, `${text}, a wildcard: ${WILDCARD_REVIEW[kind]}`);
    } else if (reviewUri(environment, uri)) {
      list.add("REVIEW", kind, subject, `${text}: ${URI_REVIEW[kind]}`);
    } else {
      list.add("SAFE", kind, subject, text);
    }
  }
}

function credentialChanges(before: PlannedClient, after: PlannedClient, list: ChangeList): void {
  const client = code(after.clientId);
  const subject = { client: after.clientId };
  const place = (c: NonNullable<PlannedClient["credentials"]>) => code(`${c.namespace}/${c.secretName}`);
  const readers = (c: NonNullable<PlannedClient["credentials"]>) =>
    `whoever can read Secrets in namespace ${code(c.namespace)} gets the client's credentials`;
  const old = before.credentials;
  const now = after.credentials;
  if (old !== null && now === null) {
    list.add(
      "BREAKING",
      "client-credentials",
      subject,
      `client ${client} no longer delivers its secret to Kubernetes Secret ${place(old)}`,
    );
  } else if (old === null && now !== null) {
    list.add(
      "REVIEW",
      "client-credentials",
      subject,
      `client ${client} delivers its secret to Kubernetes Secret ${place(now)}: ${readers(now)}`,
    );
  } else if (old !== null && now !== null) {
    if (old.namespace !== now.namespace || old.secretName !== now.secretName) {
      list.add(
        "BREAKING",
        "client-credentials",
        subject,
        `client ${client} delivers its secret to Kubernetes Secret ${place(now)} instead of ${place(old)}: ` +
          `Pulumi deletes the old Secret, and ${readers(now)}`,
      );
    }
    if (old.rotation !== now.rotation) {
      // Bumping `rotation` replaces the generated password (a keeper, components/clients.ts): the client
      // gets the new secret in the same update, and the old one stops working at once.
      list.add(
        "REVIEW",
        "client-credentials",
        subject,
        `client ${client} rotates its secret (rotation ${old.rotation} → ${now.rotation}): Keycloak stops accepting ` +
          `the old one as soon as the update applies, and the application fails to obtain tokens until it reads ` +
          `the new one from ${place(now)}`,
      );
    }
  }
}
