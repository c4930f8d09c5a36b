/**
 * A client's flows as Keycloak's client settings. The plan and every report speak of flows in the
 * registry's words; only the resources Keycloak stores need its switches, and they get them here.
 */
import { FLOWS, type Flow } from "./schema";

/** The `keycloak.openid.Client` switches the registry's flows decide, one per flow. */
export interface KeycloakFlowSettings {
  readonly standardFlowEnabled: boolean;
  readonly serviceAccountsEnabled: boolean;
  readonly directAccessGrantsEnabled: boolean;
  readonly oauth2DeviceAuthorizationGrantEnabled: boolean;
  /** Keycloak issues refresh tokens unless told not to; only clients that list refresh_token get them. */
  readonly useRefreshTokens: boolean;
}

/** A Record over every flow, so that a flow added to the schema does not compile until it has a switch. */
const SWITCHES: Readonly<Record<Flow, keyof KeycloakFlowSettings>> = {
  authorization_code: "standardFlowEnabled",
  client_credentials: "serviceAccountsEnabled",
  device_code: "oauth2DeviceAuthorizationGrantEnabled",
  refresh_token: "useRefreshTokens",
  password: "directAccessGrantsEnabled",
};

/** Every switch is set, on or off: a flow the registry does not list is turned off, whatever Keycloak's default. */
export function keycloakFlowSettings(flows: readonly Flow[]): KeycloakFlowSettings {
  const settings: Record<keyof KeycloakFlowSettings, boolean> = {
    standardFlowEnabled: false,
    serviceAccountsEnabled: false,
    directAccessGrantsEnabled: false,
    oauth2DeviceAuthorizationGrantEnabled: false,
    useRefreshTokens: false,
  };
  for (const flow of flows) settings[SWITCHES[flow]] = true;
  return settings;
}

/** Each flow once, in the schema's order, so that reordering a file's list changes no plan. */
export function canonicalFlows(flows: readonly Flow[]): Flow[] {
  return FLOWS.filter((flow) => flows.includes(flow));
}
