/**
 * Redirect URIs and web origins read as written: the pure classification of each value, then what each
 * environment makes of it. Every hostile example of the issue "Trust between teams" (part 4) and the
 * legitimate ones, each with its exact outcome.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyRedirectUri,
  classifyWebOrigin,
  redirectUriFinding,
  webOriginFinding,
  type RedirectUriReading,
  type WebOriginReading,
} from "../../src/registry/checks/redirects";
import { RULES } from "../../src/registry/rules";

const DANGEROUS_FIX =
  "redirect to the application's own https callback (a loopback or private-use URI for a native app)";
const MISPLACED_FIX = "list each redirect URI exactly (outside production, a * at the very end accepts any path)";
const HOST_WILDCARD_FIX =
  "list each redirect URI exactly (outside production, https://host/* accepts any path on one host)";
const UNSEEN_FIX = "remove it (percent-encode it if the application really expects that character)";

describe("classifyRedirectUri", () => {
  it.each<[string, RedirectUriReading]>([
    // Legitimate.
    ["https://app.example.org/cb", { kind: "exact", scheme: "https", host: "app.example.org" }],
    ["http://localhost:8080/cb", { kind: "exact", scheme: "http", host: "localhost" }],
    ["org.example.app:/callback", { kind: "exact", scheme: "org.example.app", host: "" }],
    ["https://app.example.org/cb?x=1", { kind: "exact", scheme: "https", host: "app.example.org" }],
    ["http://[::1]:8080/cb", { kind: "exact", scheme: "http", host: "[::1]" }],
    ["https://App.Example.org/cb", { kind: "exact", scheme: "https", host: "app.example.org" }],
    ["https://app.example.org", { kind: "exact", scheme: "https", host: "app.example.org" }],
    [
      "http://127.0.0.1:5000/*",
      { kind: "path-wildcard", scheme: "http", host: "127.0.0.1", prefix: "http://127.0.0.1:5000/" },
    ],
    ["org.example.app:*", { kind: "path-wildcard", scheme: "org.example.app", host: "", prefix: "org.example.app:" }],
    // Schemes a browser handles itself, however they are spelt.
    ["javascript:alert(1)", { kind: "dangerous-scheme", scheme: "javascript" }],
    ["JavaScript:alert(1)", { kind: "dangerous-scheme", scheme: "javascript" }],
    ["java\tscript:alert(1)", { kind: "dangerous-scheme", scheme: "javascript" }],
    ["\u0001javascript:alert(1)", { kind: "dangerous-scheme", scheme: "javascript" }],
    ["data:text/html,<script>alert(1)</script>", { kind: "dangerous-scheme", scheme: "data" }],
    ["file:///etc/passwd", { kind: "dangerous-scheme", scheme: "file" }],
    ["vbscript:msgbox(1)", { kind: "dangerous-scheme", scheme: "vbscript" }],
    ["blob:https://app.example.org/0b9c", { kind: "dangerous-scheme", scheme: "blob" }],
    ["about:blank", { kind: "dangerous-scheme", scheme: "about" }],
    // Wildcards: only a trailing * after the path is a path prefix.
    ["http://*", { kind: "host-wildcard", prefix: "http://" }],
    ["*", { kind: "host-wildcard", prefix: "" }],
    ["https://app.example.org*", { kind: "host-wildcard", prefix: "https://app.example.org" }],
    ["https://*.example.org/cb", { kind: "misplaced-wildcard", part: "host" }],
    ["https://app.example.org/a/*/cb", { kind: "misplaced-wildcard", part: "path" }],
    ["https://app.example.org/*?x=1", { kind: "misplaced-wildcard", part: "path" }],
    ["https://app.example.org/cb?x=*", { kind: "misplaced-wildcard", part: "query" }],
    ["http*://app.example.org/cb", { kind: "not-absolute" }],
    // Not absolute, or with a fragment.
    ["/callback", { kind: "not-absolute" }],
    ["app.example.org/cb", { kind: "not-absolute" }],
    ["http://localhost:8080/cb#top", { kind: "fragment" }],
    ["https://app.example.org/cb#", { kind: "fragment" }],
  ])("%j reads as %j", (uri, reading) => {
    expect(classifyRedirectUri(uri)).toEqual(reading);
  });

  it.each<[string, string, string]>([
    [
      "https://evil@good.example",
      'has userinfo ("evil@") before its host "good.example", which a reader can take for the host',
      "remove the userinfo: write the host good.example right after //",
    ],
    [
      "https://@good.example/cb",
      'has userinfo ("@") before its host "good.example", which a reader can take for the host',
      "remove the userinfo: write the host good.example right after //",
    ],
    [
      "https://evil.example\\@good.example/cb",
      "contains a backslash, which browsers read as / in http(s) URIs",
      "write / where a path separator is meant, or %5C for a literal backslash",
    ],
    [
      "https://app.example.org\\cb",
      "contains a backslash, which browsers read as / in http(s) URIs",
      "write / where a path separator is meant, or %5C for a literal backslash",
    ],
    [
      "https://app.example.org/a/../b",
      'has the dot-segment ".." in its path, which URL parsing resolves: browsers go to "https://app.example.org/b"',
      "write the path without . or .. segments: https://app.example.org/b",
    ],
    [
      "https://app.example.org/a/./b",
      'has the dot-segment "." in its path, which URL parsing resolves: browsers go to "https://app.example.org/a/b"',
      "write the path without . or .. segments: https://app.example.org/a/b",
    ],
    [
      "https://app.example.org/a/.",
      'has the dot-segment "." in its path, which URL parsing resolves: browsers go to "https://app.example.org/a/"',
      "write the path without . or .. segments: https://app.example.org/a/",
    ],
    [
      "https://app.example.org/a/..",
      'has the dot-segment ".." in its path, which URL parsing resolves: browsers go to "https://app.example.org/"',
      "write the path without . or .. segments: https://app.example.org/",
    ],
    [
      "https://app.example.org/a/%2e%2E/b",
      'has the dot-segment "%2e%2E" in its path, which URL parsing resolves: browsers go to "https://app.example.org/b"',
      "write the path without . or .. segments: https://app.example.org/b",
    ],
    [
      "https://app.example.org/a/.%2e/b",
      'has the dot-segment ".%2e" in its path, which URL parsing resolves: browsers go to "https://app.example.org/b"',
      "write the path without . or .. segments: https://app.example.org/b",
    ],
    [
      "org.example.app:/a/../callback",
      'has the dot-segment ".." in its path, which URL parsing resolves: browsers go to "org.example.app:/callback"',
      "write the path without . or .. segments: org.example.app:/callback",
    ],
    [
      "https:///callback",
      'has no host as written, but URL parsing reads the host "callback"',
      "write https://<host>/<path>, e.g. https://app.example.org/callback",
    ],
    [
      "https:/app.example.org/cb",
      'has no host as written, but URL parsing reads the host "app.example.org"',
      "write https://<host>/<path>, e.g. https://app.example.org/callback",
    ],
    [
      "https://0x7f.1/",
      'has host "0x7f.1", an IPv4 address in shorthand that URL parsing reads as 127.0.0.1',
      "write the host as browsers read it: 127.0.0.1",
    ],
    [
      "https://2130706433/",
      'has host "2130706433", an IPv4 address in shorthand that URL parsing reads as 127.0.0.1',
      "write the host as browsers read it: 127.0.0.1",
    ],
    [
      "https://017700000001/",
      'has host "017700000001", an IPv4 address in shorthand that URL parsing reads as 127.0.0.1',
      "write the host as browsers read it: 127.0.0.1",
    ],
    [
      "https://127.1/",
      'has host "127.1", an IPv4 address in shorthand that URL parsing reads as 127.0.0.1',
      "write the host as browsers read it: 127.0.0.1",
    ],
    [
      "https://app%2eexample.org/cb",
      'has host "app%2eexample.org", which URL parsing rewrites to "app.example.org"',
      "write the host as browsers read it: app.example.org",
    ],
    [
      "https://bücher.example/cb",
      'has host "bücher.example", which URL parsing rewrites to "xn--bcher-kva.example"',
      "write the host as browsers read it: xn--bcher-kva.example",
    ],
    [
      "http://[0:0::1]:8080/cb",
      'has host "[0:0::1]", which URL parsing rewrites to "[::1]"',
      "write the host as browsers read it: [::1]",
    ],
    [
      "https://app.example.org/c b",
      "contains white space (U+0020) at character 26, which URL parsing drops or percent-encodes",
      UNSEEN_FIX,
    ],
    [
      "https://app.example.org/cb\n",
      "contains a control character (U+000A) at character 27, which URL parsing drops or percent-encodes",
      UNSEEN_FIX,
    ],
    [
      "https://app.exa\u00admple.org/cb",
      "contains an invisible formatting character (U+00AD) at character 16, which URL parsing drops or percent-encodes",
      UNSEEN_FIX,
    ],
    [
      "https://app.example.org/\u202ebc",
      "contains an invisible formatting character (U+202E) at character 25, which URL parsing drops or percent-encodes",
      UNSEEN_FIX,
    ],
  ])("%j is ambiguous", (uri, reason, fix) => {
    expect(classifyRedirectUri(uri)).toEqual({ kind: "ambiguous", reason, fix });
  });
});

describe("redirectUriFinding", () => {
  const finding = (uri: string, environment: "development" | "production", nativeApp = false) =>
    redirectUriFinding(uri, environment, "redirectUris", nativeApp);

  it.each<[string, boolean]>([
    ["https://app.example.org/cb", false],
    ["http://localhost:8080/cb", false],
    ["http://app.example.org/cb", false],
    ["org.example.app:/callback", true],
    ["https://app.example.org/cb?x=1", false],
  ])("%j passes outside production", (uri, nativeApp) => {
    expect(finding(uri, "development", nativeApp)).toBeUndefined();
  });

  it.each<[string, boolean]>([
    ["https://app.example.org/cb", false],
    ["http://localhost:8080/cb", true],
    ["http://127.0.0.1:5000/cb", true],
    ["org.example.app:/callback", true],
    ["https://app.example.org/cb?x=1", false],
  ])("%j passes in production (native app: %s)", (uri, nativeApp) => {
    expect(finding(uri, "production", nativeApp)).toBeUndefined();
  });

  it("warns about a trailing * outside production, and refuses it in production", () => {
    expect(finding("http://127.0.0.1:5000/*", "development")).toEqual({
      rule: "wildcard-redirect-uri",
      message:
        'development redirect URI "http://127.0.0.1:5000/*" ends in *, so Keycloak sends authorization codes to any URI that starts with "http://127.0.0.1:5000/"',
      environments: ["development"],
    });
    expect(RULES["wildcard-redirect-uri"].severity).toBe("warning");
    expect(finding("http://127.0.0.1:5000/*", "production", true)).toEqual({
      rule: "insecure-redirect-uri",
      message: 'production redirect URI "http://127.0.0.1:5000/*" contains a wildcard',
      fix: "list every redirect URI exactly",
    });
    expect(redirectUriFinding("https://app.example.org/*", "staging", "postLogoutRedirectUris", false)).toEqual({
      rule: "wildcard-redirect-uri",
      message:
        'staging post-logout redirect URI "https://app.example.org/*" ends in *, so Keycloak sends users after logout to any URI that starts with "https://app.example.org/"',
      environments: ["staging"],
    });
  });

  it.each<[string, string]>([
    [
      "http://*",
      'development redirect URI "http://*" ends in * before its host is complete, so Keycloak accepts every URI that starts with "http://", on other hosts too',
    ],
    [
      "https://app.example.org*",
      'development redirect URI "https://app.example.org*" ends in * before its host is complete, so Keycloak accepts every URI that starts with "https://app.example.org", on other hosts too',
    ],
    ["*", 'development redirect URI "*" is * alone, which lets Keycloak redirect to any URI at all'],
  ])("refuses %j, a * that reaches other hosts, everywhere", (uri, message) => {
    expect(finding(uri, "development")).toEqual({ rule: "dangerous-redirect-uri", message, fix: HOST_WILDCARD_FIX });
    expect(finding(uri, "production")?.rule).toBe("insecure-redirect-uri");
  });

  it.each<[string, string]>([
    ["https://*.example.org/cb", "host"],
    ["https://app.example.org/a/*/cb", "path"],
    ["https://app.example.org/cb?x=*", "query"],
  ])("refuses %j, a * before the end, everywhere", (uri, part) => {
    expect(finding(uri, "development")).toEqual({
      rule: "ambiguous-redirect-uri",
      message: `development redirect URI ${JSON.stringify(uri)} has * in its ${part}, but * is allowed only as the last character of a URI without a query, where Keycloak matches any path`,
      fix: MISPLACED_FIX,
    });
    expect(finding(uri, "production")).toEqual({
      rule: "insecure-redirect-uri",
      message: `production redirect URI ${JSON.stringify(uri)} contains a wildcard`,
      fix: "list every redirect URI exactly",
    });
  });

  it.each<[string, string]>([
    ["javascript:alert(1)", "runs the rest of the URI as script in the browser"],
    ["data:text/html,<script>alert(1)</script>", "makes the browser show a document carried in the URI itself"],
    ["file:///etc/passwd", "opens a file on the user's own machine"],
    ["vbscript:msgbox(1)", "runs the rest of the URI as script in the browser"],
    ["blob:https://app.example.org/0b9c", "points at content a page created inside the browser"],
    ["about:blank", "names a page of the browser itself"],
  ])("refuses %j in every environment, native apps included", (uri, effect) => {
    const scheme = uri.slice(0, uri.indexOf(":"));
    for (const environment of ["development", "production"] as const) {
      expect(finding(uri, environment, true)).toEqual({
        rule: "dangerous-redirect-uri",
        message: `${environment} redirect URI ${JSON.stringify(uri)} uses the ${scheme}: scheme, which ${effect}`,
        fix: DANGEROUS_FIX,
      });
    }
  });

  it.each([
    "https://evil@good.example",
    "https://evil.example\\@good.example/",
    "https://app.example.org/a/../b",
    "https://app.example.org/a/%2e%2e/b",
    "https:///cb",
    "https://0x7f.1/",
    "https://2130706433/",
  ])("refuses %j in every environment", (uri) => {
    expect(finding(uri, "development")?.rule).toBe("ambiguous-redirect-uri");
    expect(finding(uri, "production")?.rule).toBe("ambiguous-redirect-uri");
  });

  it("keeps production's https rule, and its exceptions for public native apps", () => {
    expect(finding("http://app.example.org/cb", "production")).toEqual({
      rule: "insecure-redirect-uri",
      message: 'production redirect URI "http://app.example.org/cb" uses http, not https',
      fix: "use https (plain http and custom schemes are allowed only for public native apps)",
    });
    expect(finding("org.example.app:/callback", "production")?.rule).toBe("insecure-redirect-uri");
    expect(finding("myapp:/callback", "production", true)?.rule).toBe("insecure-redirect-uri");
  });
});

describe("classifyWebOrigin", () => {
  const EXACTLY = "list each origin exactly, as scheme://host[:port], or + for the origins of the redirect URIs";

  it.each<[string, WebOriginReading]>([
    ["+", { kind: "redirect-origins" }],
    ["https://app.example.org", { kind: "origin", scheme: "https", host: "app.example.org" }],
    ["https://app.example.org:8443", { kind: "origin", scheme: "https", host: "app.example.org" }],
    ["http://localhost:8080", { kind: "origin", scheme: "http", host: "localhost" }],
    ["http://[::1]:8080", { kind: "origin", scheme: "http", host: "[::1]" }],
    ["capacitor://localhost", { kind: "origin", scheme: "capacitor", host: "localhost" }],
    ["*", { kind: "invalid", reason: "allows cross-origin requests from every web site", fix: EXACTLY }],
    [
      "https://*.example.org",
      { kind: "invalid", reason: "contains a wildcard, but an origin names one scheme, host and port", fix: EXACTLY },
    ],
    [
      "https://app.example.org/",
      {
        kind: "invalid",
        reason: 'has a path ("/"), but an origin is scheme://host[:port] only',
        fix: "write it as https://app.example.org",
      },
    ],
    [
      "https://app.example.org/cb",
      {
        kind: "invalid",
        reason: 'has a path ("/cb"), but an origin is scheme://host[:port] only',
        fix: "write it as https://app.example.org",
      },
    ],
    [
      "https://app.example.org?x=1",
      {
        kind: "invalid",
        reason: 'has a query ("?x=1"), but an origin is scheme://host[:port] only',
        fix: "write it as https://app.example.org",
      },
    ],
    [
      "https://app.example.org#top",
      {
        kind: "invalid",
        reason: 'has a fragment ("#top"), but an origin is scheme://host[:port] only',
        fix: "write it as https://app.example.org",
      },
    ],
    [
      "https://user@app.example.org",
      {
        kind: "invalid",
        reason: 'has userinfo ("user@") before its host "app.example.org", which a reader can take for the host',
        fix: "remove the userinfo: write the host app.example.org right after //",
      },
    ],
    ["null", { kind: "invalid", reason: "is not an origin, which is scheme://host[:port]", fix: EXACTLY }],
    ["app.example.org", { kind: "invalid", reason: "is not an origin, which is scheme://host[:port]", fix: EXACTLY }],
    ["file://", { kind: "invalid", reason: "uses the file: scheme, which names no web origin", fix: EXACTLY }],
    ["https://", { kind: "invalid", reason: "is not a valid origin", fix: EXACTLY }],
    ["https://evil.example\\@app.example.org", { kind: "invalid", reason: "contains a backslash", fix: EXACTLY }],
    [
      "https://0x7f.1",
      {
        kind: "invalid",
        reason: 'has host "0x7f.1", an IPv4 address in shorthand that URL parsing reads as 127.0.0.1',
        fix: "write the host as browsers read it: 127.0.0.1",
      },
    ],
    [
      "https://app.example.org:443",
      {
        kind: "invalid",
        reason: 'is not written as browsers send it: "https://app.example.org"',
        fix: "write it as https://app.example.org",
      },
    ],
    [
      "https://app.example.org ",
      { kind: "invalid", reason: "contains white space (U+0020) at character 24", fix: "remove it" },
    ],
  ])("%j reads as %j", (origin, reading) => {
    expect(classifyWebOrigin(origin)).toEqual(reading);
  });
});

describe("webOriginFinding", () => {
  it("refuses * in every environment", () => {
    for (const environment of ["development", "staging", "production"] as const) {
      expect(webOriginFinding("*", environment)).toEqual({
        rule: "invalid-web-origin",
        message: `${environment} web origin "*" allows cross-origin requests from every web site`,
        fix: "list each origin exactly, as scheme://host[:port], or + for the origins of the redirect URIs",
      });
    }
  });

  it("allows http outside production and on loopback, and keeps production's https rule", () => {
    expect(webOriginFinding("http://app.example.org", "development")).toBeUndefined();
    expect(webOriginFinding("http://localhost:8080", "production")).toBeUndefined();
    expect(webOriginFinding("+", "production")).toBeUndefined();
    expect(webOriginFinding("http://app.example.org", "production")).toEqual({
      rule: "insecure-web-origin",
      message: 'production web origin "http://app.example.org" must be an exact https origin',
      fix: "write it as https://host[:port], without wildcards",
    });
  });
});

describe("any text", () => {
  it("is classified without throwing, as a redirect URI and as a web origin", () => {
    const pieces = fc.constantFrom(
      "https:",
      "//",
      "/",
      "\\",
      "@",
      "*",
      "?",
      "#",
      ".",
      "..",
      "%2e",
      ":",
      "[",
      "]",
      "0x7f",
      "a",
    );
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(pieces, { maxLength: 12 }).map((p) => p.join("")),
    );
    fc.assert(
      fc.property(text, (value) => {
        for (const environment of ["development", "production"] as const) {
          redirectUriFinding(value, environment, "redirectUris", true);
          webOriginFinding(value, environment);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
