/**
 * The realm the import tests read: test/fixtures/import/registry's development plan laid out as
 * `pulumi up` would leave it (RealmFixture.provision), plus what an operator made by hand in the
 * console, which the registry cannot express: a hardcoded-role mapper on a registry scope, a client
 * scope with no description and no namespace, a mapper on a client itself, a SAML client and a client
 * whose id cannot be a file name.
 *
 * The live tier builds it on the real Keycloak; test/fixtures/import/development-realm.json is this
 * realm as Keycloak's partial export wrote it (`partialExport` below), trimmed to what import reads.
 */
import { join } from "node:path";
import { planEnvironment, validateDir } from "../../src/registry";
import type { RealmFixture } from "./realm";

export const IMPORT_REGISTRY = join(__dirname, "..", "fixtures", "import", "registry");

export const HAND_MADE = {
  /** On https://orders.import.test/oidc/read: a mapper type the registry has no claim source for. */
  roleMapper: "is_admin",
  legacyScope: "legacy_scope",
  samlClient: "saml-app",
  badClientId: "Legacy_App",
  /** A mapper on orders-cli itself. */
  clientMapper: "cli-marker",
} as const;

/** The fixture registry's realm, then the hand-made objects. */
export async function layOutImportRealm(fixture: RealmFixture): Promise<void> {
  await provisionImportRegistry(fixture);
  await addHandMade(fixture);
}

/** What `pulumi up` leaves for the fixture registry's development plan. */
export async function provisionImportRegistry(fixture: RealmFixture): Promise<void> {
  const { registry } = validateDir(IMPORT_REGISTRY);
  await fixture.provision(planEnvironment(registry, "development"));
}

/** What an operator made by hand, which the registry cannot express. */
export async function addHandMade(fixture: RealmFixture): Promise<void> {
  const realm = fixture.realm;
  const read = await fixture.scope("https://orders.import.test/oidc/read");
  await fixture.api("POST", `/${realm}/client-scopes/${read.id}/protocol-mappers/models`, {
    name: HAND_MADE.roleMapper,
    protocol: "openid-connect",
    protocolMapper: "oidc-hardcoded-role-mapper",
    config: { role: "admin" },
  });
  await fixture.api("POST", `/${realm}/client-scopes`, {
    name: HAND_MADE.legacyScope,
    protocol: "openid-connect",
    attributes: { "include.in.token.scope": "true", "display.on.consent.screen": "true" },
  });
  await fixture.api("POST", `/${realm}/clients`, { clientId: HAND_MADE.samlClient, protocol: "saml" });
  await fixture.api("POST", `/${realm}/clients`, {
    clientId: HAND_MADE.badClientId,
    protocol: "openid-connect",
    publicClient: true,
    redirectUris: ["https://legacy.import.test/*"],
  });
  const cli = await fixture.clientUuid("orders-cli");
  await fixture.api("POST", `/${realm}/clients/${cli}/protocol-mappers/models`, {
    name: HAND_MADE.clientMapper,
    protocol: "openid-connect",
    protocolMapper: "oidc-hardcoded-claim-mapper",
    config: {
      "claim.name": "cli",
      "claim.value": "yes",
      "jsonType.label": "String",
      "access.token.claim": "true",
      "id.token.claim": "false",
      "userinfo.token.claim": "false",
    },
  });
}

/** The admin console's partial export of the realm, clients included (a RealmRepresentation). */
export function partialExport(fixture: RealmFixture): Promise<unknown> {
  return fixture.api("POST", `/${fixture.realm}/partial-export?exportClients=true&exportGroupsAndRoles=false`);
}
