/**
 * Redirect URIs and web origins, per environment. Production follows RFC 9700 (OAuth 2.0 Security Best
 * Current Practice) §2.1 and §4.1: exact https redirect URIs, no wildcards; plain http only for the
 * loopback redirect of a native (public) app, RFC 8252 §7.3. Everywhere, a client that uses the
 * authorization code flow needs at least one redirect URI (Keycloak refuses the client otherwise), and
 * no redirect URI may carry a fragment (RFC 6749 §3.1.2).
 */
import type { Environment } from "../environments";
import { quote, type Finding } from "../problems";
import type { RegisteredClient } from "../registry";
import type { Reporter } from "../reporter";

/** Loopback host names (RFC 8252 §7.3); plain http to them never leaves the machine. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** A private-use URI scheme of a native app: reverse domain name notation (RFC 8252 §7.1). */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;

export function checkRedirects(client: RegisteredClient, environments: readonly Environment[], report: Reporter) {
  const { definition } = client;
  const source = client.file.source;
  const usesCodeFlow = (definition.flows ?? []).includes("authorization_code");
  for (const environment of environments) {
    const settings = definition.environments[environment]!;
    const redirectUris = settings.redirectUris ?? [];
    if (usesCodeFlow && redirectUris.length === 0) {
      report.report(source, ["environments", environment], {
        rule: "missing-redirect-uri",
        message: `client ${quote(client.clientId)} uses authorization_code but has no redirectUris in ${environment}`,
        fix: `add redirectUris under environments.${environment}`,
      });
    }
    for (const field of ["redirectUris", "postLogoutRedirectUris"] as const) {
      (settings[field] ?? []).forEach((uri, i) => {
        const problem = redirectProblem(uri, environment, definition.type === "public");
        if (problem !== undefined) {
          report.report(source, ["environments", environment, field, i], problem);
        }
      });
    }
    if (environment !== "production") continue;
    (settings.webOrigins ?? []).forEach((origin, i) => {
      if (origin === "+") return; // Keycloak: "+" means the origins of the redirect URIs.
      const url = parse(origin);
      if (
        origin.includes("*") ||
        url === undefined ||
        (url.protocol !== "https:" && !LOOPBACK_HOSTS.has(url.hostname))
      ) {
        report.report(source, ["environments", environment, "webOrigins", i], {
          rule: "insecure-web-origin",
          message: `production web origin ${quote(origin)} must be an exact https origin`,
          fix: "write it as https://host[:port], without wildcards",
        });
      }
    });
  }
}

function redirectProblem(uri: string, environment: Environment, nativeApp: boolean): Finding | undefined {
  const url = parse(uri.replace(/\*/g, "wildcard"));
  if (url === undefined) {
    return {
      rule: "invalid-redirect-uri",
      message: `redirect URI ${quote(uri)} is not an absolute URI`,
      fix: "write the full URI, e.g. https://app.example.org/oidc/callback",
    };
  }
  if (uri.includes("#")) {
    return {
      rule: "invalid-redirect-uri",
      message: `redirect URI ${quote(uri)} contains a fragment (#), which RFC 6749 §3.1.2 forbids`,
      fix: "remove the fragment",
    };
  }
  if (environment !== "production") return undefined;
  if (uri.includes("*")) {
    return {
      rule: "insecure-redirect-uri",
      message: `production redirect URI ${quote(uri)} contains a wildcard`,
      fix: "list every redirect URI exactly",
    };
  }
  const nativeRedirect =
    nativeApp &&
    ((url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) || PRIVATE_USE_SCHEME.test(url.protocol));
  if (url.protocol !== "https:" && !nativeRedirect) {
    return {
      rule: "insecure-redirect-uri",
      message: `production redirect URI ${quote(uri)} uses ${url.protocol.slice(0, -1)}, not https`,
      fix: nativeApp
        ? "use https, a loopback address (http://127.0.0.1:<port>/...) or a private-use scheme (org.example.app:/callback) for a native app"
        : "use https (plain http and custom schemes are allowed only for public native apps)",
    };
  }
  return undefined;
}

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}
