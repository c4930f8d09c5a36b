/**
 * How one environment's clients change: added, promoted, removed; for a client on both sides, the
 * scopes it gains, loses or moves between default and optional (with the claims that come or go with
 * them), its flows, URIs, consent and where its secret is delivered. Never a secret: only the
 * Kubernetes namespace and Secret name, and the rotation counter.
 */
import type { Environment, EnvironmentPlan, PlannedClient } from "../registry";
import type { ChangeList, ChangeKind, EnvironmentComparison } from "./change";
import { code } from "./markdown";
import { claimsNote } from "./scope-changes";

type Kind = "default" | "optional";

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
      list.add(
        "SAFE",
        promoted ? "client-promoted" : "client-added",
        subject,
        `client ${code(id)} ${promoted ? "becomes available (promoted)" : "is added"}${claimsNote(after.claims)}`,
      );
    } else if (before !== undefined && after === undefined) {
      const demoted = comparison.headRegistry.clients.has(id);
      list.add(
        "BREAKING",
        demoted ? "client-demoted" : "client-removed",
        subject,
        `client ${code(id)} ${demoted ? `is no longer provisioned in ${comparison.environment} (demoted)` : "is removed"}`,
      );
    } else if (before !== undefined && after !== undefined) {
      changedClient(before, after, comparison, list);
    }
  }
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
    list.add("SAFE", "client-flow", subject, `client ${client} can now use the ${code(flow)} flow`);
  }

  scopeListChanges(before, after, comparison, list);

  uriChanges(list, after.clientId, "client-redirect-uri", "redirect URI", before.redirectUris, after.redirectUris);
  uriChanges(
    list,
    after.clientId,
    "client-post-logout-redirect-uri",
    "post-logout redirect URI",
    before.postLogoutRedirectUris,
    after.postLogoutRedirectUris,
  );
  uriChanges(list, after.clientId, "client-web-origin", "web origin", before.webOrigins, after.webOrigins);

  if (before.consentRequired !== after.consentRequired) {
    list.add(
      "SAFE",
      "client-consent",
      subject,
      `client ${client} ${after.consentRequired ? "now asks users for consent" : "no longer asks users for consent"}`,
    );
  }
  credentialChanges(before, after, list);
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
  const names = [...new Set([...old.keys(), ...now.keys()])].sort();
  for (const name of names) {
    const was = old.get(name);
    const is = now.get(name);
    const subject = { client: after.clientId, scope: name };
    if (was === undefined && is !== undefined) {
      list.add(
        "SAFE",
        "client-scope-gained",
        subject,
        `client ${client} gains ${is} scope ${code(name)}${claimsNote(releasedBy(comparison.head, name))}`,
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
  const listedBefore = new Set([...old.keys(), ...before.notYetAvailable.map((m) => m.name)]);
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
  clientId: string,
  kind: ChangeKind,
  what: string,
  before: readonly string[],
  after: readonly string[],
): void {
  for (const uri of before.filter((u) => !after.includes(u)).sort()) {
    list.add("BREAKING", kind, { client: clientId }, `client ${code(clientId)} no longer accepts ${what} ${code(uri)}`);
  }
  for (const uri of after.filter((u) => !before.includes(u)).sort()) {
    list.add("SAFE", kind, { client: clientId }, `client ${code(clientId)} accepts ${what} ${code(uri)}`);
  }
}

function credentialChanges(before: PlannedClient, after: PlannedClient, list: ChangeList): void {
  const client = code(after.clientId);
  const subject = { client: after.clientId };
  const place = (c: NonNullable<PlannedClient["credentials"]>) => code(`${c.namespace}/${c.secretName}`);
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
      "SAFE",
      "client-credentials",
      subject,
      `client ${client} delivers its secret to Kubernetes Secret ${place(now)}`,
    );
  } else if (old !== null && now !== null) {
    if (old.namespace !== now.namespace || old.secretName !== now.secretName) {
      list.add(
        "BREAKING",
        "client-credentials",
        subject,
        `client ${client} delivers its secret to Kubernetes Secret ${place(now)} instead of ${place(old)}`,
      );
    }
    if (old.rotation !== now.rotation) {
      // Deliberate and announced by the file's owners; the application picks the new secret up from
      // the same Kubernetes Secret.
      list.add(
        "SAFE",
        "client-credentials",
        subject,
        `client ${client} rotates its secret (rotation ${old.rotation} → ${now.rotation}); ${place(now)} gets the new one`,
      );
    }
  }
}
