/**
 * `import`, without Keycloak: the realm export test/fixtures/import/development-realm.json (Keycloak
 * 26.5's own partial export of the realm test/live/import-realm.ts lays out, trimmed to the realm's
 * name, clients and client scopes) becomes exactly test/fixtures/import/registry plus one file for the
 * hand-made scope; what the registry cannot express is reported, line for line; the result validates
 * and its plan matches the realm except for exactly what was reported. Then each mapper type there and
 * back, the merge of a second environment, re-imports, the files in the way, and every bad input.
 */
import { createServer } from "node:net";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAsync, type Io } from "../../src/cli/main";
import { compareRealm, formatFinding } from "../../src/live/compare";
import { formatReportLine, importRealm, namespaceOf, serviceKeyOf, unexplainedFindings } from "../../src/live/import";
import { IMPORT_MARKER } from "../../src/live/import-files";
import { realmFromExport } from "../../src/live/realm-export";
import {
  audienceFromMapper,
  CLAIM_MAPPERS,
  claimFromMapper,
  claimMapperConfig,
} from "../../src/registry/keycloak-mappers";
import {
  claimDefinition,
  errorsIn,
  placement,
  planEnvironment,
  validateDir,
  type Claim,
  type ClaimSource,
  type PlannedClaim,
} from "../../src/registry";
import { runCli } from "../cli-harness";
import { FIXTURE_REGISTRY } from "../fixture-registry";

const FIXTURES = join(__dirname, "..", "fixtures", "import");
const REGISTRY = join(FIXTURES, "registry");
const EXPORT = join(FIXTURES, "development-realm.json");
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- Keycloak's representations, edited by tests
const DEV_EXPORT: Json = JSON.parse(readFileSync(EXPORT, "utf8"));

const OWNER = "@import-test/team";
const READ = "https://orders.import.test/oidc/read";
const WRITE = "https://orders.import.test/oidc/write";
const PROFILE = "https://people.import.test/scope/profile";
const ROLES = "https://people.import.test/scope/roles";
const INVOICES = "urn:import-test:billing:invoices";

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "import-test-"));
  temporary.push(dir);
  return dir;
}

function writeExport(realm: unknown): string {
  const path = join(tempDir(), "realm.json");
  writeFileSync(path, typeof realm === "string" ? realm : JSON.stringify(realm));
  return path;
}

/** The command line, in-process; the fixture registry's root is only where it runs from. */
function cli(...argv: string[]) {
  return runCli(FIXTURE_REGISTRY, ...argv);
}

function importExport(out: string, exportFile = EXPORT, env = "development", ...more: string[]) {
  return cli("import", "--env", env, "--out", out, "--owner", OWNER, "--realm-export", exportFile, ...more);
}

/** Every file under `dir/scopes` and `dir/clients`, by relative path. */
function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const sub of ["scopes", "clients"]) {
    if (!existsSync(join(dir, sub))) continue;
    for (const name of readdirSync(join(dir, sub)).sort()) {
      files[`${sub}/${name}`] = readFileSync(join(dir, sub, name), "utf8");
    }
  }
  return files;
}

const OTHER_YAML = `${IMPORT_MARKER}
service: other
owners: ["@import-test/team"]
scopes:
  - id: legacy_scope
    summary: legacy_scope
    availability: [development]
`;

/**
 * What importing the development export reports, in order: scopes by name, then clients by id, then
 * the credentials chosen for the clients new to the files.
 */
const DEV_REPORT = [
  `scopes/orders.yaml: left out: mapper "is_admin" of scope ${READ}: the registry has no claim source for mapper type oidc-hardcoded-role-mapper`,
  'scopes/other.yaml: chosen: scope legacy_scope: no description in Keycloak; summary set to "legacy_scope" (pulumi up writes it as the description)',
  "scopes/other.yaml: changed: scope legacy_scope: no consent.screen.text (Keycloak shows the scope's name); the registry shows the summary",
  "clients/Legacy_App.yaml: left out: client Legacy_App: its client id cannot be a registry file name (lower-case letters, digits and dashes)",
  "clients/orders-api.yaml: left out: client orders-api: its 11 attached scopes: a bearer-only client obtains no tokens, and the program leaves its attached scopes alone",
  'clients/orders-cli.yaml: left out: mapper "cli-marker" of client orders-cli: mapper type oidc-hardcoded-claim-mapper on the client itself; the registry releases claims through scopes',
  "clients/saml-app.yaml: left out: client saml-app: a saml client; the registry registers OpenID Connect clients",
  "clients/orders-robot.yaml: chosen: client orders-robot: credentials: its secret is delivered to the Kubernetes Secret orders-robot/orders-robot-oidc (check the namespace); the secret Keycloak holds is not imported, and pulumi up sets a generated one",
  "clients/orders-web.yaml: chosen: client orders-web: credentials: its secret is delivered to the Kubernetes Secret orders-web/orders-web-oidc (check the namespace); the secret Keycloak holds is not imported, and pulumi up sets a generated one",
];

describe("a realm export, imported", () => {
  const out = tempDir();
  const result = importExport(out);

  it("exits 0 with the report (stdout) and one summary line (stderr)", () => {
    expect(result).toEqual({
      code: 0,
      out: DEV_REPORT.join("\n"),
      err: `imported realm import-fixture as development into ${out}: 6 scopes, 4 clients; 9 report lines`,
    });
  });

  it("writes exactly the registry the realm was provisioned from, plus the hand-made scope", () => {
    expect(filesIn(out)).toEqual({ ...filesIn(REGISTRY), "scopes/other.yaml": OTHER_YAML });
  });

  it("validates, and its plan matches the realm except for exactly what was reported", () => {
    const { registry, problems } = validateDir(out);
    expect(problems).toEqual([]);
    const realm = realmFromExport(DEV_EXPORT, "export");
    const findings = compareRealm(planEnvironment(registry, "development"), realm).map(formatFinding);
    expect(findings).toEqual([
      `EXTRA    mapper is_admin (scope ${READ}): oidc-hardcoded-role-mapper, not in the plan`,
      'DIFFERS  scope legacy_scope: description "legacy_scope" → ""',
      'DIFFERS  scope legacy_scope: consent.screen.text "legacy_scope" → ""',
      'EXTRA    mapper cli-marker (client orders-cli): oidc-hardcoded-claim-mapper, claim "cli" = "yes", not in the plan',
      "ORPHAN   client Legacy_App: not in the registry",
      "ORPHAN   client saml-app: not in the registry",
    ]);
  });

  it("the safety net: whatever verify would find that the report does not name becomes a report line", () => {
    const realm = realmFromExport(DEV_EXPORT, "export");
    const { registry } = validateDir(out);
    const plan = planEnvironment(registry, "development");
    const imported = importRealm(
      realm,
      { environment: "development", owners: [OWNER] },
      { scopeFiles: new Map(), clientFiles: new Map() },
    );
    // The report as import gives it names every finding: nothing is added.
    expect(unexplainedFindings(plan, realm, imported.files, imported.report, null)).toEqual([]);
    // Without its lines about is_admin and about orders-cli's own mapper, the net names both.
    const partial = imported.report.filter((line) => !line.subject.startsWith("mapper"));
    expect(unexplainedFindings(plan, realm, imported.files, partial, null).map(formatReportLine)).toEqual([
      `scopes/orders.yaml: changed: verify would report: EXTRA mapper is_admin (scope ${READ}): oidc-hardcoded-role-mapper, not in the plan`,
      'clients/orders-cli.yaml: changed: verify would report: EXTRA mapper cli-marker (client orders-cli): oidc-hardcoded-claim-mapper, claim "cli" = "yes", not in the plan',
    ]);
  });

  it("is byte for byte the same when imported again (the environment's own files merge into themselves)", () => {
    const again = importExport(out);
    expect(again.code).toBe(0);
    expect(filesIn(out)).toEqual({ ...filesIn(REGISTRY), "scopes/other.yaml": OTHER_YAML });
  });

  it("--report writes the report to a file; stderr keeps the summary", () => {
    const target = tempDir();
    const report = join(target, "report.txt");
    const written = cli(
      "import",
      ...["--env", "development", "--out", join(target, "registry"), "--owner", OWNER],
      ...["--realm-export", EXPORT, "--report", report],
    );
    expect(written.out).toBe("");
    expect(written.err).toBe(
      `imported realm import-fixture as development into ${join(target, "registry")}: 6 scopes, 4 clients; 9 report lines (in ${report})`,
    );
    expect(readFileSync(report, "utf8")).toBe(DEV_REPORT.map((line) => `${line}\n`).join(""));
  });
});

describe("client settings of each environment, and of the client", () => {
  const realm = structuredClone(DEV_EXPORT);
  const web = realm.clients.find((c: Json) => c.clientId === "orders-web");
  Object.assign(web, {
    rootUrl: "https://shop.import.test",
    baseUrl: "/",
    fullScopeAllowed: true,
    frontchannelLogout: true,
  });
  Object.assign(web.attributes, {
    "frontchannel.logout.url": "https://shop.import.test/logout",
    "backchannel.logout.url": "https://shop.import.test/backchannel",
    "access.token.lifespan": "120",
    "client.session.idle.timeout": "-1",
  });
  const cli = realm.clients.find((c: Json) => c.clientId === "orders-cli");
  cli.frontchannelLogout = true;
  cli.attributes["client.session.max.lifespan"] = "a day";
  const out = tempDir();
  const result = importExport(out, writeExport(realm));

  it("root and home URLs and logout URLs under the environment; full scope and lifespans on the client", () => {
    expect(result.code).toBe(0);
    expect(filesIn(out)["clients/orders-web.yaml"]).toBe(`${IMPORT_MARKER}
clientId: orders-web
name: Orders web shop
owners: ["@import-test/team"]
description: The shop front
type: confidential
flows: [authorization_code, refresh_token]
scopes:
  default:
    - https://orders.import.test/oidc/read
    - https://people.import.test/scope/profile
  optional: [https://orders.import.test/oidc/write, offline_access]
environments:
  development:
    rootUrl: https://shop.import.test
    baseUrl: /
    redirectUris: [https://shop.import.test/callback]
    postLogoutRedirectUris: [https://shop.import.test/]
    webOrigins: [https://shop.import.test]
    frontchannelLogoutUrl: https://shop.import.test/logout
    backchannelLogoutUrl: https://shop.import.test/backchannel
fullScopeAllowed: true
lifespans:
  accessToken: 120
credentials:
  kubernetes:
    namespace: orders-web
    secretName: orders-web-oidc
`);
  });

  it("front-channel logout without a URL and lifespans that are not ones: reported", () => {
    expect(result.out.split("\n").filter((line) => /^clients\/orders-(cli|web)\.yaml: changed/.test(line))).toEqual([
      "clients/orders-cli.yaml: changed: client orders-cli: front-channel logout is on without a URL; the registry turns it on with frontchannelLogoutUrl only (pulumi up turns it off)",
      'clients/orders-cli.yaml: changed: client orders-cli: attribute client.session.max.lifespan = "a day" is not a lifespan the registry takes (1 to 31536000 seconds): left to the realm\'s',
      'clients/orders-web.yaml: changed: client orders-web: attribute client.session.idle.timeout = "-1" is not a lifespan the registry takes (1 to 31536000 seconds): left to the realm\'s',
    ]);
  });

  it("the plan of the result matches the realm in everything else", () => {
    const findings = compareRealm(
      planEnvironment(validateDir(out).registry, "development"),
      realmFromExport(realm, "export"),
    );
    expect(findings.filter((f) => f.object.name.startsWith("orders-")).map(formatFinding)).toEqual([
      'DIFFERS  client orders-cli: client.session.max.lifespan "" → "a day"',
      "DIFFERS  client orders-cli: frontchannelLogout false → true",
      'DIFFERS  client orders-web: client.session.idle.timeout "" → "-1"',
    ]);
  });
});

describe("each mapper type, there and back", () => {
  const { registry } = validateDir(REGISTRY);
  const claims = planEnvironment(registry, "development").scopes.flatMap((scope) => scope.claims);

  it("the fixture registry releases a claim from every source", () => {
    expect(new Set(claims.map((c) => c.from))).toEqual(new Set(Object.keys(CLAIM_MAPPERS) as ClaimSource[]));
  });

  it.each(claims.map((claim) => [`${claim.from} ${claim.name}`, claim] as const))(
    "%s: the stored mapper reads back as the same claim, with nothing changed",
    (_, claim: PlannedClaim) => {
      const stored = { name: claim.name, protocol: "openid-connect", ...claimMapperConfig(claim) };
      const read = claimFromMapper(stored);
      expect(read.kind).toBe("claim");
      if (read.kind !== "claim") return;
      expect(read.changes).toEqual([]);
      // Planned again, the claim read back stores exactly the same mapper.
      expect(claimMapperConfig(plannedFrom(read.claim))).toEqual(claimMapperConfig(claim));
    },
  );

  const mapper = (protocolMapper: string, config: Record<string, string>) => ({
    name: "m",
    protocol: "openid-connect",
    protocolMapper,
    config,
  });
  const flags = { "id.token.claim": "true", "access.token.claim": "true", "userinfo.token.claim": "true" };

  it("a mapper type with no claim source, and a SAML mapper: unsupported, with the reason", () => {
    expect(claimFromMapper(mapper("oidc-script-mapper", flags))).toEqual({
      kind: "unsupported",
      reason: "the registry has no claim source for mapper type oidc-script-mapper",
    });
    expect(claimFromMapper({ ...mapper("saml-role-list-mapper", {}), protocol: "saml" })).toEqual({
      kind: "unsupported",
      reason: "a saml mapper; the registry releases OpenID Connect claims",
    });
  });

  it("in no token, no claim name, an unknown JSON type, an unknown property, every client's roles: unsupported", () => {
    const reasons = [
      mapper("oidc-usermodel-attribute-mapper", { "claim.name": "x", "user.attribute": "x" }),
      mapper("oidc-usermodel-attribute-mapper", { ...flags, "user.attribute": "x" }),
      mapper("oidc-usermodel-attribute-mapper", {
        ...flags,
        "claim.name": "x",
        "user.attribute": "x",
        "jsonType.label": "float",
      }),
      mapper("oidc-usermodel-property-mapper", { ...flags, "claim.name": "x", "user.attribute": "createdTimestamp" }),
      mapper("oidc-usermodel-client-role-mapper", {
        ...flags,
        "claim.name": "x",
        "jsonType.label": "String",
        multivalued: "true",
      }),
      mapper("oidc-usersessionmodel-note-mapper", { ...flags, "claim.name": "x", "jsonType.label": "String" }),
    ].map((m) => claimFromMapper(m));
    expect(reasons).toEqual([
      { kind: "unsupported", reason: "in no token and not in introspection; a claim is placed somewhere" },
      { kind: "unsupported", reason: "no claim.name" },
      { kind: "unsupported", reason: 'jsonType.label "float" is not one the registry knows' },
      {
        kind: "unsupported",
        reason:
          'user property "createdTimestamp" is not one the registry releases (email, emailVerified, firstName, lastName, username)',
      },
      { kind: "unsupported", reason: "releases the roles of every client; the registry names one client" },
      { kind: "unsupported", reason: "no user.session.note" },
    ]);
  });

  it("what the registry stores differently: each a change, the claim kept", () => {
    const read = claimFromMapper(
      mapper("oidc-usermodel-realm-role-mapper", {
        "id.token.claim": "false",
        "access.token.claim": "true",
        "claim.name": "roles_x",
        "jsonType.label": "",
        multivalued: "false",
        "introspection.token.claim": "false",
        "lightweight.claim": "false",
        "aggregate.attrs": "false",
      }),
    );
    expect(read).toEqual({
      kind: "claim",
      // An absent userinfo flag follows the ID token's: access token only.
      claim: { name: "roles_x", in: ["access_token"], from: "realm-roles" },
      changes: [
        "not in the introspection response although in the access token; the registry puts it there",
        'jsonType.label "": the registry releases it as String',
        "multivalued off: the registry releases roles as a list",
      ],
    });
    // Introspection only: a mapper type with the switch says so in `in`; one without has no such place.
    expect(
      claimFromMapper(
        mapper("oidc-usermodel-attribute-mapper", {
          "claim.name": "x",
          "user.attribute": "x",
          "jsonType.label": "String",
          "introspection.token.claim": "true",
        }),
      ),
    ).toEqual({
      kind: "claim",
      claim: { name: "x", in: ["introspection"], from: "attribute", attribute: "x" },
      changes: [],
    });
    expect(
      claimFromMapper(
        mapper("oidc-hardcoded-claim-mapper", {
          "access.token.claim": "true",
          "claim.name": "c",
          "claim.value": "v",
          "jsonType.label": "String",
          "introspection.token.claim": "false",
        }),
      ),
    ).toEqual({
      kind: "claim",
      claim: { name: "c", in: ["access_token"], from: "constant", value: "v" },
      changes: ['config introspection.token.claim = "false" has no field in the registry'],
    });
    expect(
      claimFromMapper(mapper("oidc-hardcoded-claim-mapper", { ...flags, "claim.name": "n", "claim.value": "7" })),
    ).toEqual({
      kind: "claim",
      claim: { name: "n", from: "constant", value: "7" },
      changes: ["no jsonType.label: imported as string (pulumi up stores String)"],
    });
  });

  it("a constant is written as its type when it is one exactly; as text otherwise", () => {
    const constant = (value: string, label: string) =>
      claimFromMapper(
        mapper("oidc-hardcoded-claim-mapper", {
          ...flags,
          "claim.name": "c",
          "claim.value": value,
          "jsonType.label": label,
        }),
      );
    const values = [
      constant("42", "long"),
      constant("042", "int"),
      constant("true", "boolean"),
      constant("{}", "JSON"),
    ].map((r) => (r.kind === "claim" ? (r.claim as Extract<Claim, { from: "constant" }>).value : r.reason));
    expect(values).toEqual([42, "042", true, "{}"]);
  });

  it("audience mappers: a custom audience as is; a client audience, the ID token, introspection off: changes", () => {
    const audience = (config: Record<string, string>) => audienceFromMapper(mapper("oidc-audience-mapper", config));
    expect(
      audience({
        "included.custom.audience": "orders-api",
        "included.client.audience": "",
        "access.token.claim": "true",
        "id.token.claim": "false",
        "introspection.token.claim": "true",
      }),
    ).toEqual({ audience: "orders-api", changes: [] });
    expect(
      audience({
        "included.client.audience": "orders-api",
        "access.token.claim": "true",
        "id.token.claim": "true",
        "introspection.token.claim": "false",
        "lightweight.claim": "true",
      }),
    ).toEqual({
      audience: "orders-api",
      changes: [
        'adds client "orders-api" (included.client.audience); the registry adds it as a custom audience',
        "in the ID token; the registry never puts an audience there",
        "not in introspection; the registry puts it there",
        'config lightweight.claim = "true" has no field in the registry',
      ],
    });
    expect(audience({ "access.token.claim": "true" })).toEqual({
      unsupported: "an audience mapper with no single audience",
    });
  });
});

/** A claim as the plan gives it (plan.ts planScope), to store it again. */
function plannedFrom(claim: Claim): PlannedClaim {
  return {
    ...claimDefinition(claim),
    in: placement(claim),
    mapperName: claim.name,
    resourceName: claim.name,
  };
}

describe("services", () => {
  it("a namespace is the name up to its last /, else :, else .", () => {
    expect(
      ["https://a.test/oidc/read", "urn:x:orders:read", "orders.read", "read", "https://a.test/x/", "a:"].map(
        namespaceOf,
      ),
    ).toEqual(["https://a.test/oidc/", "urn:x:orders:", "orders.", undefined, undefined, undefined]);
  });

  it("a service key: the last path segment that says something, else the host's first label", () => {
    expect(
      [
        "https://github.com/fedora-infra/anitya/oidc/",
        "https://mbs.example.org/oidc/",
        "https://id.example.org/scope/",
        "urn:example:Order_Items:",
        "orders.",
        "https://example.org/",
      ].map(serviceKeyOf),
    ).toEqual(["anitya", "mbs", "example", "order-items", "orders", "example"]);
  });

  it("--service <prefix>=<service> decides first; a namespace inside another is folded into it", () => {
    const realm = structuredClone(DEV_EXPORT);
    realm.clientScopes.push({
      name: "https://orders.import.test/oidc/v2/read",
      protocol: "openid-connect",
      description: "V2",
    });
    realm.clientScopes.push({ name: "https://orders.import.test/x", protocol: "openid-connect", description: "X" });
    const out = tempDir();
    const { code } = importExport(out, writeExport(realm), "development", "--service", "urn:import-test:=money");
    expect(code).toBe(0);
    const files = filesIn(out);
    expect(Object.keys(files).filter((f) => f.startsWith("scopes/"))).toEqual([
      "scopes/money.yaml",
      "scopes/orders.yaml",
      "scopes/other.yaml",
      "scopes/people.yaml",
    ]);
    expect(files["scopes/money.yaml"]).toContain('namespace: "urn:import-test:"\n');
    expect(files["scopes/money.yaml"]).toContain("  - id: billing:invoices\n");
    // https://orders.import.test/ holds https://orders.import.test/oidc/ and …/oidc/v2/: one file.
    expect(files["scopes/orders.yaml"]).toContain("namespace: https://orders.import.test/\n");
    expect(files["scopes/orders.yaml"]).toContain("  - id: oidc/v2/read\n");
    expect(files["scopes/orders.yaml"]).toContain("  - id: x\n");
  });
  it("a scope already in an imported file stays there, whatever --service says", () => {
    const out = tempDir();
    importExport(out);
    const before = filesIn(out);
    const again = importExport(out, EXPORT, "development", "--service", "https://orders.import.test/oidc/=shop");
    expect(again.code).toBe(0);
    expect(filesIn(out)).toEqual(before);
  });

  it("--service naming an imported file of another namespace: the scope is reported, not merged into it", () => {
    const out = tempDir();
    importExport(out);
    const realm = structuredClone(DEV_EXPORT);
    realm.clientScopes.push({
      name: "https://other.import.test/x",
      protocol: "openid-connect",
      description: "X",
      attributes: { "consent.screen.text": "X" },
    });
    const result = importExport(
      out,
      writeExport(realm),
      "development",
      "--service",
      "https://other.import.test/=orders",
    );
    expect(result.out.split("\n").filter((line) => line.includes("other.import.test"))).toEqual([
      'scopes/orders.yaml: left out: scope https://other.import.test/x: --service puts it in scopes/orders.yaml, whose namespace is "https://orders.import.test/oidc/", not "https://other.import.test/"',
    ]);
    expect(filesIn(out)["scopes/orders.yaml"]).toBe(filesIn(REGISTRY)["scopes/orders.yaml"]);
  });
});

/** The development realm as staging holds it: fewer scopes and clients, its own URIs, some differences. */
function stagingExport(): Json {
  const realm = structuredClone(DEV_EXPORT);
  realm.realm = "import-staging";
  realm.clientScopes = realm.clientScopes.filter((s: Json) => ![ROLES, INVOICES, "legacy_scope"].includes(s.name));
  realm.clientScopes.find((s: Json) => s.name === WRITE).description = "Place orders";
  realm.clients = realm.clients.filter(
    (c: Json) => !["orders-cli", "orders-robot", "saml-app", "Legacy_App"].includes(c.clientId),
  );
  const web = realm.clients.find((c: Json) => c.clientId === "orders-web");
  web.redirectUris = ["https://shop.staging.import.test/callback"];
  web.webOrigins = ["https://shop.staging.import.test"];
  web.attributes["post.logout.redirect.uris"] = "https://shop.staging.import.test/";
  web.consentRequired = true;
  web.optionalClientScopes = [WRITE];
  return realm;
}

describe("a second environment merges into the first", () => {
  const out = tempDir();
  importExport(out);
  const staging = importExport(out, writeExport(stagingExport()), "staging");
  const files = filesIn(out);

  it("reports what differs between the environments, and what the registry cannot express again", () => {
    expect(staging.code).toBe(0);
    expect(staging.out.split("\n")).toEqual([
      `scopes/orders.yaml: left out: mapper "is_admin" of scope ${READ}: the registry has no claim source for mapper type oidc-hardcoded-role-mapper`,
      "clients/orders-api.yaml: left out: client orders-api: its 11 attached scopes: a bearer-only client obtains no tokens, and the program leaves its attached scopes alone",
      `scopes/orders.yaml: differs: scope ${WRITE}: summary in staging differs from development; the registry has one value for every environment: kept development's`,
      "clients/orders-web.yaml: differs: client orders-web: offline_access is attached as optional in development, not in staging where it is available too: kept in its list",
    ]);
    expect(staging.err).toBe(
      `imported realm import-staging as staging into ${out}: 3 scopes, 2 clients; 4 report lines`,
    );
  });

  it("availability and environments grow; the rest stays as development has it", () => {
    const availability = (file: string) =>
      [...files[file].matchAll(/- id: (\S+)\n(?: {4}.*\n)*? {4}availability: (\[.*\])/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(availability("scopes/orders.yaml")).toEqual(["read [development, staging]", "write [development, staging]"]);
    expect(availability("scopes/people.yaml")).toEqual(["profile [development, staging]", "roles [development]"]);
    expect(availability("scopes/billing.yaml")).toEqual(["invoices [development]"]);
    expect(files["scopes/orders.yaml"]).toContain("    summary: Place and change orders\n");
    expect(files["clients/orders-web.yaml"]).toBe(`${IMPORT_MARKER}
clientId: orders-web
name: Orders web shop
owners: ["@import-test/team"]
description: The shop front
type: confidential
flows: [authorization_code, refresh_token]
scopes:
  default:
    - https://orders.import.test/oidc/read
    - https://people.import.test/scope/profile
  optional: [https://orders.import.test/oidc/write, offline_access]
environments:
  development:
    redirectUris: [https://shop.import.test/callback]
    postLogoutRedirectUris: [https://shop.import.test/]
    webOrigins: [https://shop.import.test]
  staging:
    redirectUris: [https://shop.staging.import.test/callback]
    postLogoutRedirectUris: [https://shop.staging.import.test/]
    webOrigins: [https://shop.staging.import.test]
    consentRequired: true
credentials:
  kubernetes:
    namespace: orders-web
    secretName: orders-web-oidc
`);
    expect(files["clients/orders-api.yaml"]).toContain("environments:\n  development: {}\n  staging: {}\n");
    expect(files["clients/orders-cli.yaml"]).toBe(filesIn(REGISTRY)["clients/orders-cli.yaml"]);
  });

  it("the merged registry validates, and the development import did not change by it", () => {
    expect(errorsIn(validateDir(out).problems)).toEqual([]);
    const realm = realmFromExport(stagingExport(), "export");
    const findings = compareRealm(planEnvironment(validateDir(out).registry, "staging"), realm).map(formatFinding);
    expect(findings).toEqual([
      `EXTRA    mapper is_admin (scope ${READ}): oidc-hardcoded-role-mapper, not in the plan`,
      `DIFFERS  scope ${WRITE}: description "Place and change orders" → "Place orders"`,
      "MISSING  optional scope offline_access (client orders-web)",
    ]);
  });

  it("a client's flows differ: reported, development's kept; a scope only staging has joins the client's list", () => {
    const again = tempDir();
    importExport(again);
    const realm = stagingExport();
    const cancel = "https://orders.import.test/oidc/cancel";
    realm.clientScopes.push({
      name: cancel,
      protocol: "openid-connect",
      description: "Cancel orders",
      attributes: { "consent.screen.text": "Cancel orders" },
    });
    const web = realm.clients.find((c: Json) => c.clientId === "orders-web");
    web.directAccessGrantsEnabled = true;
    web.optionalClientScopes = [WRITE, "offline_access", cancel];
    const result = importExport(again, writeExport(realm), "staging");
    expect(result.code).toBe(0);
    expect(result.out.split("\n").filter((line) => line.includes(": differs: client orders-web"))).toEqual([
      "clients/orders-web.yaml: differs: client orders-web: flows in staging differs from development; the registry has one value for every environment: kept development's",
    ]);
    const file = filesIn(again)["clients/orders-web.yaml"];
    expect(file).toContain("flows: [authorization_code, refresh_token]\n");
    expect(file).toContain(
      "  optional:\n    - https://orders.import.test/oidc/cancel\n    - https://orders.import.test/oidc/write\n    - offline_access\n",
    );
    const plan = planEnvironment(validateDir(again).registry, "development");
    expect(plan.clients.find((c) => c.clientId === "orders-web")!.optionalScopes).toEqual([WRITE, "offline_access"]);
  });

  it("what the realm does not hold stays as edited: a credentials namespace is kept, and not reported again", () => {
    const again = tempDir();
    importExport(again);
    const path = join(again, "clients", "orders-web.yaml");
    writeFileSync(path, readFileSync(path, "utf8").replace("namespace: orders-web", "namespace: shop"));
    const result = importExport(again);
    expect(result.code).toBe(0);
    // Both confidential clients are in the files already: where their secrets go is said there.
    expect(result.out.split("\n").filter((line) => line.includes("credentials"))).toEqual([]);
    expect(readFileSync(path, "utf8")).toContain("    namespace: shop\n");
  });

  it("importing an environment again takes out what its realm no longer holds", () => {
    const again = tempDir();
    importExport(again);
    importExport(again, writeExport(stagingExport()), "staging");
    const smaller = stagingExport();
    smaller.clientScopes = smaller.clientScopes.filter((s: Json) => s.name !== PROFILE);
    smaller.clients = smaller.clients.filter((c: Json) => c.clientId !== "orders-api");
    for (const client of smaller.clients) {
      client.defaultClientScopes = client.defaultClientScopes.filter((s: string) => s !== PROFILE);
    }
    const result = importExport(again, writeExport(smaller), "staging");
    expect(result.out.split("\n").filter((l) => l.includes("no longer"))).toEqual([
      `scopes/people.yaml: differs: scope ${PROFILE}: no longer in the staging realm: staging taken out of its availability`,
      "clients/orders-api.yaml: differs: client orders-api: no longer in the staging realm: staging taken out of its environments",
    ]);
    expect(filesIn(again)["clients/orders-api.yaml"]).toContain("environments:\n  development: {}\n");
    expect(filesIn(again)["scopes/people.yaml"]).toContain("    availability: [development]\n");
  });
});

describe("files in the way", () => {
  it("a file import did not write: refused (exit 1) unless --force, which merges into it", () => {
    const out = tempDir();
    mkdirSync(join(out, "clients"));
    const handWritten = readFileSync(join(REGISTRY, "clients", "orders-cli.yaml"), "utf8").replace(
      `${IMPORT_MARKER}\n`,
      "",
    );
    writeFileSync(join(out, "clients", "orders-cli.yaml"), handWritten);
    expect(importExport(out)).toEqual({
      code: 1,
      out: "",
      err: "error: clients/orders-cli.yaml was not written by import: move it away, or pass --force to merge into it",
    });
    expect(readdirSync(out)).toEqual(["clients"]);
    const forced = importExport(out, EXPORT, "development", "--force");
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, "clients", "orders-cli.yaml"), "utf8")).toBe(`${IMPORT_MARKER}\n${handWritten}`);
  });

  it("a file that does not load cannot be merged into, even with --force", () => {
    const out = tempDir();
    mkdirSync(join(out, "scopes"));
    writeFileSync(join(out, "scopes", "orders.yaml"), `${IMPORT_MARKER}\nservice: orders\n`);
    const result = importExport(out, EXPORT, "development", "--force");
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      [
        'error: scopes/orders.yaml cannot be merged into: the file is missing the required field "owners" (line 2)',
        'error: scopes/orders.yaml cannot be merged into: the file is missing the required field "scopes" (line 2)',
      ].join("\n"),
    );
  });

  it("a symbolic link in scopes/ is never followed, and nothing is written", () => {
    const out = tempDir();
    mkdirSync(join(out, "scopes"));
    const target = join(tempDir(), "elsewhere.yaml");
    writeFileSync(target, "secret: keep\n");
    symlinkSync(target, join(out, "scopes", "orders.yaml"));
    const result = importExport(out);
    expect(result.code).toBe(1);
    expect(result.err).toBe("error: scopes/orders.yaml is a symbolic link, not a regular file");
    expect(readFileSync(target, "utf8")).toBe("secret: keep\n");
    expect(readdirSync(join(out, "scopes"))).toEqual(["orders.yaml"]);
  });

  it("--out that is a file: refused", () => {
    const file = join(tempDir(), "file");
    writeFileSync(file, "");
    expect(importExport(file)).toEqual({ code: 1, out: "", err: `error: --out ${file} is not a folder` });
  });
});

describe("bad input: one line, the documented exit code", () => {
  const out = () => join(tempDir(), "out");

  it.each([
    [
      "a missing file",
      "/nonexistent/realm.json",
      'error: --realm-export "/nonexistent/realm.json" cannot be read (ENOENT)',
    ],
    ["not JSON", "{ realm", 'error: --realm-export "<file>" is not JSON'],
    [
      "not an object",
      "[1]",
      'error: --realm-export "<file>" is not a Keycloak realm export: [0]: expected an object, found a number',
    ],
    [
      "no realm name",
      "{}",
      'error: --realm-export "<file>" is not a Keycloak realm export: realm: expected a string, found nothing',
    ],
    [
      "a client id that is not text",
      JSON.stringify({ realm: "r", clients: [{ clientId: "a" }, { clientId: 7 }] }),
      'error: --realm-export "<file>" is not a Keycloak realm export: clients[1].clientId: expected a string, found a number',
    ],
    [
      "a mapper config that is a list",
      JSON.stringify({
        realm: "r",
        clientScopes: [{ name: "s", protocolMappers: [{ name: "m", protocolMapper: "x", config: [] }] }],
      }),
      'error: --realm-export "<file>" is not a Keycloak realm export: clientScopes[0].protocolMappers[0].config: expected a record, found a list',
    ],
    [
      "two realms and no --realm",
      JSON.stringify([{ realm: "a" }, { realm: "b" }]),
      'error: --realm-export "<file>" holds 2 realms ("a", "b"): pick one with --realm',
    ],
  ])("%s: exit 2", (_, content, message) => {
    const file = content.startsWith("/") ? content : writeExport(content);
    const result = importExport(out(), file);
    expect(result).toEqual({ code: 2, out: "", err: message.replace("<file>", file) });
  });

  it("--realm picks a realm of several; one that is not there is named", () => {
    const file = writeExport([{ realm: "a" }, { ...DEV_EXPORT, realm: "b" }]);
    expect(importExport(out(), file, "development", "--realm", "b").code).toBe(0);
    expect(importExport(out(), file, "development", "--realm", "c")).toEqual({
      code: 2,
      out: "",
      err: `error: --realm-export "${file}" holds no realm "c" (it holds "a", "b")`,
    });
  });

  it.each([
    [
      ["--env", "development", "--owner", OWNER, "--realm-export", EXPORT],
      "error: import needs --out <dir>: where the registry files go",
    ],
    [
      ["--env", "development", "--out", "x", "--realm-export", EXPORT],
      "error: import needs --owner <@org/team>: the team that owns the files it writes (the registry requires owners)",
    ],
    [
      ["--env", "development", "--out", "x", "--owner", "team", "--realm-export", EXPORT],
      'error: --owner "team" is not a team or user handle such as @org/team',
    ],
    [["--out", "x", "--owner", OWNER, "--realm-export", EXPORT], "error: import needs --env <environment>"],
    [
      ["--env", "prod", "--out", "x", "--owner", OWNER, "--realm-export", EXPORT],
      'error: unknown environment "prod"; use one of development, staging, production',
    ],
    [
      ["--env", "development", "--out", "x", "--owner", OWNER, "--realm-export", EXPORT, "--url", "http://127.0.0.1:1"],
      "error: --realm-export reads a file: --url is for a live realm",
    ],
    [
      ["--env", "development", "--out", "x", "--owner", OWNER, "--realm-export", EXPORT, "--service", "https://a/"],
      'error: --service "https://a/" is not <prefix>=<service>',
    ],
    [
      ["--env", "development", "--out", "x", "--owner", OWNER, "--realm-export", EXPORT, "--service", "https://a/=A b"],
      'error: --service "https://a/=A b": "A b" is not a service key (lower-case letters, digits and dashes; the file is scopes/<service>.yaml)',
    ],
    [
      ["--env", "development", "--out", "x", "--owner", OWNER, "--url", "http://127.0.0.1:1", "--realm", "r"],
      "error: import needs --client-id (or --stack <name>, whose file sets scope-registry:keycloakClientId)",
    ],
  ])("%j: exit 2", (args, message) => {
    expect(cli("import", ...args)).toEqual({ code: 2, out: "", err: message });
  });

  it("a live realm without a secret: exit 2, saying where the secret comes from", () => {
    const previous = process.env.KEYCLOAK_CLIENT_SECRET;
    delete process.env.KEYCLOAK_CLIENT_SECRET;
    try {
      expect(
        cli(
          "import",
          "--env",
          "development",
          "--out",
          "x",
          "--owner",
          OWNER,
          "--url",
          "http://127.0.0.1:1",
          "--realm",
          "r",
          "--client-id",
          "c",
        ),
      ).toEqual({
        code: 2,
        out: "",
        err: "error: import needs the login client's secret: set KEYCLOAK_CLIENT_SECRET or pass --client-secret-stdin (or read a file with --realm-export)",
      });
    } finally {
      if (previous !== undefined) process.env.KEYCLOAK_CLIENT_SECRET = previous;
    }
  });

  it("Keycloak unreachable: exit 3, one line, nothing written", async () => {
    const port = await freePort();
    const target = out();
    const lines: string[] = [];
    const io: Io = { out: (l) => lines.push(`out: ${l}`), err: (l) => lines.push(`err: ${l}`) };
    const previous = process.env.KEYCLOAK_CLIENT_SECRET;
    process.env.KEYCLOAK_CLIENT_SECRET = "a-secret-of-some-length";
    try {
      const code = await runAsync(
        [
          ...["import", "--env", "development", "--out", target, "--owner", OWNER],
          ...["--url", `http://127.0.0.1:${port}`, "--realm", "r", "--client-id", "c"],
        ],
        io,
        FIXTURE_REGISTRY,
        FIXTURE_REGISTRY,
      );
      expect({ code, lines }).toEqual({
        code: 3,
        lines: [`err: error: cannot reach Keycloak at http://127.0.0.1:${port}: connection refused (ECONNREFUSED)`],
      });
      expect(existsSync(target)).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.KEYCLOAK_CLIENT_SECRET;
      else process.env.KEYCLOAK_CLIENT_SECRET = previous;
    }
  });
});

/** A port nothing listens on (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
