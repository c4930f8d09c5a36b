/**
 * Where verify logs in: a stack's own settings from its committed `Pulumi.<stack>.yaml` (plain keys
 * only: a secret there is encrypted and never read here), overridden by command-line options. The
 * secret is never part of these settings: it comes from the environment or standard input.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The stack config keys verify reads, as the Pulumi program names them (components/config.ts). */
export const STACK_KEYS = {
  environment: "scope-registry:environment",
  url: "scope-registry:keycloakUrl",
  realm: "scope-registry:keycloakRealm",
  adminRealm: "scope-registry:keycloakAdminRealm",
  clientId: "scope-registry:keycloakClientId",
} as const;

export type StackSettings = Partial<Record<keyof typeof STACK_KEYS, string>>;

export interface ConnectionSettings {
  /** Keycloak's root URL, without a trailing slash. */
  readonly url: string;
  /** The realm compared with the plan. */
  readonly realm: string;
  /** The realm the login client lives in (default master). */
  readonly adminRealm: string;
  readonly clientId: string;
}

/** A setting that cannot be used: the command line reports it as a usage error. */
export class SettingsError extends Error {}

/** Pulumi's stack names: letters, digits, `-`, `_` and `.` (so a name never leaves the project root). */
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The settings a stack's config file gives, from `Pulumi.<stack>.yaml` in `projectRoot`. */
export function readStackSettings(projectRoot: string, stack: string): StackSettings {
  if (!STACK_NAME.test(stack)) throw new SettingsError(`${JSON.stringify(stack)} is not a stack name`);
  const file = `Pulumi.${stack}.yaml`;
  const path = join(projectRoot, file);
  if (!existsSync(path)) throw new SettingsError(`no stack ${stack}: ${file} does not exist in ${projectRoot}`);
  let document: unknown;
  try {
    document = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new SettingsError(`${file} is not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : ""}`);
  }
  const config = isRecord(document) ? document["config"] : undefined;
  if (config === undefined || config === null) return {};
  if (!isRecord(config)) throw new SettingsError(`${file}: config is not a mapping`);
  const settings: StackSettings = {};
  for (const [name, key] of Object.entries(STACK_KEYS) as [keyof StackSettings, string][]) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new SettingsError(`${file}: ${key} is not a plain value (verify reads plain keys only)`);
    }
    settings[name] = String(value);
  }
  return settings;
}

export interface ConnectionOverrides {
  readonly url?: string;
  readonly realm?: string;
  readonly adminRealm?: string;
  readonly clientId?: string;
}

/**
 * The settings verify (and import) log in with: each command-line option over the stack's value; the
 * admin realm defaults to master, as the program's does.
 */
export function connectionSettings(
  stack: StackSettings,
  overrides: ConnectionOverrides,
  command = "verify",
): ConnectionSettings {
  const pick = (name: keyof ConnectionOverrides, option: string): string => {
    const value = overrides[name] ?? stack[name];
    if (value === undefined || value === "") {
      throw new SettingsError(`${command} needs --${option} (or --stack <name>, whose file sets ${STACK_KEYS[name]})`);
    }
    return value;
  };
  return {
    url: keycloakUrl(pick("url", "url")),
    realm: pick("realm", "realm"),
    adminRealm: overrides.adminRealm ?? stack.adminRealm ?? "master",
    clientId: pick("clientId", "client-id"),
  };
}

function keycloakUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(`${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SettingsError(`the Keycloak URL must be http or https, not ${JSON.stringify(url.protocol)}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new SettingsError("the Keycloak URL must not hold credentials");
  }
  if (url.search !== "" || url.hash !== "") {
    throw new SettingsError("the Keycloak URL must not have a query or a fragment");
  }
  return url.href.replace(/\/+$/, "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
