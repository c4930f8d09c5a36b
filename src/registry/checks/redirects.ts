/**
 * Redirect URIs and web origins, per environment. Production follows RFC 9700 (OAuth 2.0 Security Best
 * Current Practice) §2.1 and §4.1: exact https redirect URIs, no wildcards; plain http only for the
 * loopback redirect of a native (public) app, RFC 8252 §7.3. Everywhere, a client that uses the
 * authorization code flow needs at least one redirect URI (Keycloak refuses the client otherwise), and
 * no redirect URI may carry a fragment (RFC 6749 §3.1.2).
 *
 * In every environment a redirect URI (and a post-logout one) is read as written, and compared with what
 * a browser makes of it (the WHATWG URL parser, Node's `URL`): a URI that means something else to a
 * reader, to Keycloak's string comparison and to the browser that follows it is refused, and so is a
 * scheme that a browser runs or shows itself instead of handing the response to an application.
 * Keycloak reads `*` as a wildcard only as the last character (any URI that starts with the rest), so
 * a trailing `*` after the path is a warning outside production; any other `*` is an error. Web origins
 * are exactly scheme://host[:port], or `+` (the origins of the redirect URIs).
 */
import type { Environment } from "../environments";
import { quote, type Finding } from "../problems";
import type { RegisteredClient } from "../registry";
import type { Reporter } from "../reporter";

/** Loopback host names (RFC 8252 §7.3); plain http to them never leaves the machine. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** A private-use URI scheme of a native app: reverse domain name notation (RFC 8252 §7.1). */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;

/** Schemes a browser runs, shows or reads itself: no application ever receives a response sent there. */
const DANGEROUS_SCHEMES: Readonly<Record<string, string>> = {
  javascript: "runs the rest of the URI as script in the browser",
  vbscript: "runs the rest of the URI as script in the browser",
  data: "makes the browser show a document carried in the URI itself",
  blob: "points at content a page created inside the browser",
  file: "opens a file on the user's own machine",
  about: "names a page of the browser itself",
};

/** Schemes the WHATWG URL standard calls special: they always have a host (`file:` is dangerous anyway). */
const SPECIAL_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "ws", "wss", "ftp", "file"]);

/** What a redirect URI means as written, before any environment's policy applies. */
export type RedirectUriReading =
  /** An exact URI: Keycloak accepts exactly this redirect. */
  | { readonly kind: "exact"; readonly scheme: string; readonly host: string }
  /** Ends in `*` after its path: Keycloak accepts every URI that starts with `prefix`. */
  | { readonly kind: "path-wildcard"; readonly scheme: string; readonly host: string; readonly prefix: string }
  /** A `*` that is not a path wildcard: in the host, inside the path, or after a query. */
  | { readonly kind: "misplaced-wildcard"; readonly part: "host" | "path" | "query" }
  /** Ends in `*` before its host is complete (or is `*` alone): Keycloak accepts URIs on other hosts. */
  | { readonly kind: "host-wildcard"; readonly prefix: string }
  | { readonly kind: "dangerous-scheme"; readonly scheme: string }
  /** Reads differently as written and as parsed; `reason` completes "… redirect URI "x" <reason>". */
  | { readonly kind: "ambiguous"; readonly reason: string; readonly fix: string }
  | { readonly kind: "not-absolute" }
  | { readonly kind: "fragment" };

/** What a web origin means as written. */
export type WebOriginReading =
  | { readonly kind: "origin"; readonly scheme: string; readonly host: string }
  /** Keycloak's `+`: the origins of the client's redirect URIs. */
  | { readonly kind: "redirect-origins" }
  /** Not an exact origin; `reason` completes "… web origin "x" <reason>". */
  | { readonly kind: "invalid"; readonly reason: string; readonly fix: string };

export type RedirectField = "redirectUris" | "postLogoutRedirectUris";

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
        const problem = redirectUriFinding(uri, environment, field, definition.type === "public");
        if (problem !== undefined) {
          report.report(source, ["environments", environment, field, i], problem);
        }
      });
    }
    (settings.webOrigins ?? []).forEach((origin, i) => {
      const problem = webOriginFinding(origin, environment);
      if (problem !== undefined) {
        report.report(source, ["environments", environment, "webOrigins", i], problem);
      }
    });
  }
}

/** The problem with one redirect URI (or post-logout redirect URI) of a client in one environment, if any. */
export function redirectUriFinding(
  uri: string,
  environment: Environment,
  field: RedirectField,
  nativeApp: boolean,
): Finding | undefined {
  const what = field === "redirectUris" ? "redirect URI" : "post-logout redirect URI";
  const named = `${environment} ${what} ${quote(uri)}`;
  const reading = classifyRedirectUri(uri);
  switch (reading.kind) {
    case "not-absolute":
      return {
        rule: "invalid-redirect-uri",
        message: `${what} ${quote(uri)} is not an absolute URI`,
        fix: "write the full URI, e.g. https://app.example.org/oidc/callback",
      };
    case "fragment":
      return {
        rule: "invalid-redirect-uri",
        message: `${what} ${quote(uri)} contains a fragment (#), which RFC 6749 §3.1.2 forbids`,
        fix: "remove the fragment",
      };
    case "dangerous-scheme":
      return {
        rule: "dangerous-redirect-uri",
        message: `${named} uses the ${reading.scheme}: scheme, which ${DANGEROUS_SCHEMES[reading.scheme]}`,
        fix: "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
      };
    case "ambiguous":
      return { rule: "ambiguous-redirect-uri", message: `${named} ${reading.reason}`, fix: reading.fix };
    case "host-wildcard":
    case "misplaced-wildcard":
    case "path-wildcard":
      if (environment === "production") {
        return {
          rule: "insecure-redirect-uri",
          message: `production ${what} ${quote(uri)} contains a wildcard`,
          fix: "list every redirect URI exactly",
        };
      }
      return wildcardFinding(reading, named, field, environment);
    case "exact":
      return environment === "production"
        ? productionSchemeFinding(reading, `${what} ${quote(uri)}`, nativeApp)
        : undefined;
  }
}

/** A `*` outside production: a warning at the end of the path, an error anywhere else. */
function wildcardFinding(
  reading: Extract<RedirectUriReading, { kind: "host-wildcard" | "misplaced-wildcard" | "path-wildcard" }>,
  named: string,
  field: RedirectField,
  environment: Environment,
): Finding {
  switch (reading.kind) {
    case "host-wildcard":
      return {
        rule: "dangerous-redirect-uri",
        message:
          reading.prefix === ""
            ? `${named} is * alone, which lets Keycloak redirect to any URI at all`
            : `${named} ends in * before its host is complete, so Keycloak accepts every URI that starts with ${quote(reading.prefix)}, on other hosts too`,
        fix: "list each redirect URI exactly (outside production, https://host/* accepts any path on one host)",
      };
    case "misplaced-wildcard":
      return {
        rule: "ambiguous-redirect-uri",
        message: `${named} has * in its ${reading.part}, but * is allowed only as the last character of a URI without a query, where Keycloak matches any path`,
        fix: "list each redirect URI exactly (outside production, a * at the very end accepts any path)",
      };
    case "path-wildcard":
      return {
        rule: "wildcard-redirect-uri",
        message: `${named} ends in *, so Keycloak sends ${field === "redirectUris" ? "authorization codes" : "users after logout"} to any URI that starts with ${quote(reading.prefix)}`,
        environments: [environment],
      };
  }
}

/** Production: https, except a public native app's loopback http or private-use scheme. */
function productionSchemeFinding(
  reading: Extract<RedirectUriReading, { kind: "exact" }>,
  named: string,
  nativeApp: boolean,
): Finding | undefined {
  const nativeRedirect =
    nativeApp &&
    ((reading.scheme === "http" && LOOPBACK_HOSTS.has(reading.host)) || PRIVATE_USE_SCHEME.test(`${reading.scheme}:`));
  if (reading.scheme === "https" || nativeRedirect) return undefined;
  return {
    rule: "insecure-redirect-uri",
    message: `production ${named} uses ${reading.scheme}, not https`,
    fix: nativeApp
      ? "use https, a loopback address (http://127.0.0.1:<port>/...) or a private-use scheme (org.example.app:/callback) for a native app"
      : "use https (plain http and custom schemes are allowed only for public native apps)",
  };
}

/**
 * Reads a redirect URI as written, and compares it with what the WHATWG URL parser makes of it. The
 * first of these that applies is the reading: a dangerous scheme; white space, control or invisible
 * characters; a backslash; `*` alone; not an absolute URI; a fragment; userinfo; no host where the
 * scheme needs one; a host that parsing rewrites (IPv4 shorthands, percent-encoding, Unicode); a
 * dot-segment in the path; then where its `*`, if any, stands.
 */
export function classifyRedirectUri(uri: string): RedirectUriReading {
  const scheme = effectiveScheme(uri);
  if (scheme !== undefined && Object.hasOwn(DANGEROUS_SCHEMES, scheme)) return { kind: "dangerous-scheme", scheme };
  const unseen = unseenCharacter(uri);
  if (unseen !== undefined) {
    return {
      kind: "ambiguous",
      reason: `contains ${unseen}, which URL parsing drops or percent-encodes`,
      fix: "remove it (percent-encode it if the application really expects that character)",
    };
  }
  if (uri.includes("\\")) {
    return {
      kind: "ambiguous",
      reason: "contains a backslash, which browsers read as / in http(s) URIs",
      fix: "write / where a path separator is meant, or %5C for a literal backslash",
    };
  }
  if (uri === "*") return { kind: "host-wildcard", prefix: "" };
  const url = parse(uri);
  const written = writtenParts(uri);
  if (url === undefined || written === undefined) return { kind: "not-absolute" };
  if (uri.includes("#")) return { kind: "fragment" };
  const { scheme: writtenScheme, authority, path, query } = written;
  const ambiguous = ambiguousParts(url, writtenScheme, authority, path);
  if (ambiguous !== undefined) return ambiguous;
  const host = url.hostname;
  const star = uri.indexOf("*");
  if (star === -1) return { kind: "exact", scheme: writtenScheme, host };
  const afterAuthority = writtenScheme.length + 1 + (authority === undefined ? 0 : 2 + authority.length);
  const part = star < afterAuthority ? "host" : query === undefined || star < uri.indexOf("?") ? "path" : "query";
  if (star !== uri.length - 1 || part === "query") return { kind: "misplaced-wildcard", part };
  if (part === "host") return { kind: "host-wildcard", prefix: uri.slice(0, -1) };
  return { kind: "path-wildcard", scheme: writtenScheme, host, prefix: uri.slice(0, -1) };
}

/** The problem with one web origin of a client in one environment, if any. */
export function webOriginFinding(origin: string, environment: Environment): Finding | undefined {
  const reading = classifyWebOrigin(origin);
  switch (reading.kind) {
    case "invalid":
      return {
        rule: "invalid-web-origin",
        message: `${environment} web origin ${quote(origin)} ${reading.reason}`,
        fix: reading.fix,
      };
    case "origin":
      if (environment === "production" && reading.scheme !== "https" && !LOOPBACK_HOSTS.has(reading.host)) {
        return {
          rule: "insecure-web-origin",
          message: `production web origin ${quote(origin)} must be an exact https origin`,
          fix: "write it as https://host[:port], without wildcards",
        };
      }
      return undefined;
    case "redirect-origins":
      return undefined;
  }
}

/**
 * Reads a web origin as written: `+`, or exactly scheme://host[:port] as a browser sends it in an
 * Origin header. Everything else is invalid, `*` (any web site) first.
 */
export function classifyWebOrigin(origin: string): WebOriginReading {
  const exactly = "list each origin exactly, as scheme://host[:port], or + for the origins of the redirect URIs";
  if (origin === "+") return { kind: "redirect-origins" };
  if (origin === "*") {
    return { kind: "invalid", reason: "allows cross-origin requests from every web site", fix: exactly };
  }
  const unseen = unseenCharacter(origin);
  if (unseen !== undefined) {
    return { kind: "invalid", reason: `contains ${unseen}`, fix: "remove it" };
  }
  if (origin.includes("\\")) {
    return { kind: "invalid", reason: "contains a backslash", fix: exactly };
  }
  const scheme = effectiveScheme(origin);
  if (scheme !== undefined && Object.hasOwn(DANGEROUS_SCHEMES, scheme)) {
    return { kind: "invalid", reason: `uses the ${scheme}: scheme, which names no web origin`, fix: exactly };
  }
  const written = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(origin);
  if (written === null) {
    return { kind: "invalid", reason: "is not an origin, which is scheme://host[:port]", fix: exactly };
  }
  const [, writtenScheme = "", authority = "", rest = ""] = written;
  const lowerScheme = writtenScheme.toLowerCase();
  if (origin.includes("*")) {
    return {
      kind: "invalid",
      reason: "contains a wildcard, but an origin names one scheme, host and port",
      fix: exactly,
    };
  }
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (rest !== "") {
    const what = rest.startsWith("/") ? "a path" : rest.startsWith("?") ? "a query" : "a fragment";
    return {
      kind: "invalid",
      reason: `has ${what} (${quote(rest)}), but an origin is scheme://host[:port] only`,
      fix: `write it as ${writtenScheme}://${hostPort}`,
    };
  }
  const url = parse(origin);
  if (url === undefined) {
    return { kind: "invalid", reason: "is not a valid origin", fix: exactly };
  }
  const ambiguous = ambiguousParts(url, lowerScheme, authority, "");
  if (ambiguous !== undefined) return { kind: "invalid", reason: ambiguous.reason, fix: ambiguous.fix };
  if (SPECIAL_SCHEMES.has(lowerScheme) && origin.toLowerCase() !== url.origin) {
    return {
      kind: "invalid",
      reason: `is not written as browsers send it: ${quote(url.origin)}`,
      fix: `write it as ${url.origin}`,
    };
  }
  return { kind: "origin", scheme: lowerScheme, host: url.hostname };
}

/** The parts of an absolute URI as written; the scheme in lower case. */
interface WrittenParts {
  readonly scheme: string;
  /** After `//`, up to the path; `undefined` without `//`. */
  readonly authority: string | undefined;
  readonly path: string;
  /** After `?`; `undefined` without `?`. */
  readonly query: string | undefined;
}

/**
 * Splits a URI as written, the way RFC 3986 appendix B does (a fragment, refused before, is left out);
 * `undefined` when it does not start with a scheme.
 */
function writtenParts(uri: string): WrittenParts | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?/s.exec(uri);
  if (match === null) return undefined;
  const [, scheme = "", authority, path = "", query] = match;
  return { scheme: scheme.toLowerCase(), authority, path, query };
}

/**
 * How the written authority and path differ from what URL parsing reads: userinfo, no host where the
 * scheme needs one, a host that parsing rewrites, a dot-segment. `undefined` when they agree.
 */
function ambiguousParts(
  url: URL,
  scheme: string,
  authority: string | undefined,
  path: string,
): Extract<RedirectUriReading, { kind: "ambiguous" }> | undefined {
  const at = authority?.lastIndexOf("@") ?? -1;
  if (authority !== undefined && at !== -1) {
    const host = url.hostname;
    return {
      kind: "ambiguous",
      reason: `has userinfo (${quote(authority.slice(0, at + 1))}) before its host ${quote(host)}, which a reader can take for the host`,
      fix: `remove the userinfo: write the host ${host} right after //`,
    };
  }
  const writtenHost = authority === undefined ? undefined : hostOf(authority);
  if (SPECIAL_SCHEMES.has(scheme) && (writtenHost === undefined || writtenHost === "")) {
    return {
      kind: "ambiguous",
      reason: `has no host as written, but URL parsing reads the host ${quote(url.hostname)}`,
      fix: `write ${scheme}://<host>/<path>, e.g. ${scheme}://app.example.org/callback`,
    };
  }
  if (writtenHost !== undefined && writtenHost.toLowerCase() !== url.hostname) {
    const ipv4 = /^\d+\.\d+\.\d+\.\d+$/.test(url.hostname);
    return {
      kind: "ambiguous",
      reason: ipv4
        ? `has host ${quote(writtenHost)}, an IPv4 address in shorthand that URL parsing reads as ${url.hostname}`
        : `has host ${quote(writtenHost)}, which URL parsing rewrites to ${quote(url.hostname)}`,
      fix: `write the host as browsers read it: ${url.hostname}`,
    };
  }
  const dot = path.split("/").find((segment) => /^(\.|%2e){1,2}$/i.test(segment));
  if (dot !== undefined) {
    return {
      kind: "ambiguous",
      reason: `has the dot-segment ${quote(dot)} in its path, which URL parsing resolves: browsers go to ${quote(url.href)}`,
      fix: `write the path without . or .. segments: ${url.href}`,
    };
  }
  return undefined;
}

/** The host of a written authority: without userinfo and port; an IPv6 literal keeps its brackets. */
function hostOf(authority: string): string {
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (hostPort.startsWith("[")) return hostPort.slice(0, hostPort.indexOf("]") + 1);
  return hostPort.replace(/:[^:]*$/, "");
}

/**
 * The scheme a browser reads, lower case: URL parsing drops leading C0 controls and spaces, and tabs
 * and newlines anywhere, so `java\tscript:` is `javascript:`.
 */
function effectiveScheme(uri: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
  const cleaned = uri.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, "");
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(cleaned)?.[1]?.toLowerCase();
}

/**
 * The first white space, control or invisible formatting character (soft hyphen, zero-width and
 * direction marks), described with its code point and position; `undefined` when there is none.
 */
function unseenCharacter(text: string): string | undefined {
  const match = /[\s\p{Cc}\p{Cf}]/u.exec(text);
  if (match === null) return undefined;
  const character = match[0];
  const kind = /\p{Cc}/u.test(character)
    ? "a control character"
    : /\s/u.test(character)
      ? "white space"
      : "an invisible formatting character";
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return `${kind} (${code}) at character ${[...text.slice(0, match.index)].length + 1}`;
}

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}
