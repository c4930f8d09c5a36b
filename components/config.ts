/**
 * Stack configuration: what `index.ts` reads from `Pulumi.<stack>.yaml`, checked in one pure function so
 * that every mistake is reported at once, by key, with the `pulumi config set` command that fixes it.
 *
 * All keys live in the `scope-registry:` namespace and are flat (no `--path` objects), so each one is
 * set with one plain command and a secret never shares a key with plain values. Secret values arrive
 * as an opaque type `S` (a Pulumi `Output<string>` in the program, a string in tests): this module only
 * needs to know whether they are set, never what they are.
 */
import { resolve } from "node:path";
import { z } from "zod";
import { closest, ENVIRONMENTS, LOOPBACK_HOSTS, type Environment } from "../src/registry";

export const CONFIG_NAMESPACE = "scope-registry";

/** Keys read as plain text. */
export const PLAIN_KEYS = [
  "environment",
  "registryDir",
  "protect",
  "keycloakUrl",
  "keycloakRealm",
  "keycloakAdminRealm",
  "keycloakClientId",
  "keycloakUsername",
  "deliverCredentials",
  "kubernetesContext",
  "adoptFile",
] as const;

/**
 * Keys read as secrets. `kubernetesKubeconfig` may be a path or a whole kubeconfig with embedded
 * credentials, so it is always handled as a secret even when it is stored in plain text.
 */
export const SECRET_KEYS = ["keycloakClientSecret", "keycloakPassword", "kubernetesKubeconfig"] as const;

export type PlainKey = (typeof PLAIN_KEYS)[number];
export type SecretKey = (typeof SECRET_KEYS)[number];
export const CONFIG_KEYS: readonly string[] = [...PLAIN_KEYS, ...SECRET_KEYS];

/** The realm the admin client logs in to when `keycloakAdminRealm` is not set. */
export const DEFAULT_ADMIN_REALM = "master";

/** Keycloak refuses realm names longer than this (see the field notes on @pulumi/keycloak). */
const MAX_REALM_LENGTH = 36;

export interface RawConfig<S> {
  /** Stack name, for the fix commands (`pulumi config set --stack <stack> ...`). */
  readonly stack: string;
  /** Every key set under `scope-registry:`, without the namespace; used to reject unknown keys. */
  readonly keys: readonly string[];
  readonly values: Readonly<Partial<Record<PlainKey, string>>>;
  readonly secrets: Readonly<Partial<Record<SecretKey, S>>>;
}

export type KeycloakLogin<S> =
  | { readonly kind: "client-credentials"; readonly clientId: string; readonly clientSecret: S }
  | { readonly kind: "password"; readonly clientId: string; readonly username: string; readonly password: S };

export type KubernetesSettings<S> =
  | { readonly deliverCredentials: false }
  | { readonly deliverCredentials: true; readonly context: string | null; readonly kubeconfig: S | null };

export interface ProgramSettings<S> {
  readonly stack: string;
  readonly environment: Environment;
  /** Registry root from config, as written (relative paths are resolved by the caller); null: default. */
  readonly registryDir: string | null;
  /** Whether client scopes and clients are protected from deletion (default: on in production). */
  readonly protect: boolean;
  /** The adoption file (`registry adopt`), as written (relative to the project root); null: none. */
  readonly adoptFile: string | null;
  readonly keycloak: {
    /** Server root without a trailing slash; Keycloak 17+ has no `/auth` base path. */
    readonly url: string;
    /** The realm the registry is provisioned into. */
    readonly realm: string;
    /** The realm the admin client logs in to. */
    readonly adminRealm: string;
    readonly login: KeycloakLogin<S>;
    /** `${url}/realms/${realm}`: what applications use as the OpenID Connect issuer. */
    readonly issuerUrl: string;
  };
  readonly kubernetes: KubernetesSettings<S>;
}

export interface ConfigProblem {
  /** Full key, e.g. `scope-registry:keycloakUrl`. */
  readonly key: string;
  readonly message: string;
  readonly fix: string;
}

/** The stack configuration is invalid: carries every problem; the message lists them all. */
export class ConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `the configuration of stack ${JSON.stringify(stackName)} is invalid (${problems.length} error(s)):\n` +
        problems.map((p) => `${p.key}: ${p.message}\n  fix: ${p.fix}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

const full = (key: string) => `${CONFIG_NAMESPACE}:${key}`;

/** The command that sets `key`; `--secret` for credentials so they are stored encrypted. */
export function setCommand(stack: string, key: string, value: string, secret = false): string {
  return `pulumi config set --stack ${stack}${secret ? " --secret" : ""} ${full(key)} ${value}`;
}

export function removeCommand(stack: string, key: string): string {
  return `pulumi config rm --stack ${stack} ${full(key)}`;
}

function isSecretKey(key: string): boolean {
  return (SECRET_KEYS as readonly string[]).includes(key);
}

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

/** What a plain key may hold (its schema gives the parsed value's type), and its fix command's example. */
interface PlainRule<T> {
  readonly schema: z.ZodType<T>;
  readonly example: string;
  readonly expected: string;
}

/** The type of each plain key's value once parsed. */
interface PlainTypes {
  environment: Environment;
  registryDir: string;
  protect: boolean;
  keycloakUrl: string;
  keycloakRealm: string;
  keycloakAdminRealm: string;
  keycloakClientId: string;
  keycloakUsername: string;
  deliverCredentials: boolean;
  kubernetesContext: string;
  adoptFile: string;
}

/** What each plain key may hold, and the example value its fix command shows. */
const PLAIN_RULES: { readonly [K in PlainKey]: PlainRule<PlainTypes[K]> } = {
  environment: { schema: z.enum(ENVIRONMENTS), example: "development", expected: `one of ${ENVIRONMENTS.join(", ")}` },
  registryDir: { schema: z.string().min(1), example: "path/to/registry", expected: "a directory path" },
  adoptFile: {
    schema: z.string().min(1),
    example: "adopt/dev.json",
    expected: "the path of a file written by registry adopt",
  },
  protect: { schema: bool, example: "true", expected: "true or false" },
  keycloakUrl: {
    schema: z
      .string()
      .transform((v) => v.replace(/\/+$/, ""))
      .pipe(z.url({ protocol: /^https?$/ })),
    example: "https://id.example.org",
    expected: "an http(s) URL of the Keycloak server root",
  },
  keycloakRealm: {
    schema: z.string().min(1).max(MAX_REALM_LENGTH),
    example: "my-realm",
    expected: `a realm name of 1 to ${MAX_REALM_LENGTH} characters`,
  },
  keycloakAdminRealm: {
    schema: z.string().min(1).max(MAX_REALM_LENGTH),
    example: DEFAULT_ADMIN_REALM,
    expected: `a realm name of 1 to ${MAX_REALM_LENGTH} characters`,
  },
  keycloakClientId: { schema: z.string().min(1), example: "scope-registry-provisioner", expected: "a client id" },
  keycloakUsername: { schema: z.string().min(1), example: "admin", expected: "a user name" },
  deliverCredentials: { schema: bool, example: "true", expected: "true or false" },
  kubernetesContext: { schema: z.string().min(1), example: "my-cluster", expected: "a kubeconfig context name" },
};

/** The parsed value of each plain key that is set and valid. */
type PlainValues = Partial<PlainTypes>;

/** Parses one key's text with its rule; keeps the key-to-type link the compiler cannot see in a loop. */
function parsePlain<K extends PlainKey>(key: K, text: string): PlainTypes[K] | z.ZodError {
  const parsed = PLAIN_RULES[key].schema.safeParse(text);
  return parsed.success ? parsed.data : parsed.error;
}

/**
 * Checks the raw stack configuration and returns the program's settings, or throws a ConfigError that
 * names every missing or wrong key with the command that fixes it. Pure: no Pulumi, no environment.
 */
export function parseConfig<S>(raw: RawConfig<S>): ProgramSettings<S> {
  const problems: ConfigProblem[] = [];
  const { stack } = raw;
  const secretHint = (key: SecretKey) => setCommand(stack, key, "<value>", true);

  for (const key of raw.keys) {
    if (CONFIG_KEYS.includes(key)) continue;
    const suggestion = suggestKey(key);
    problems.push({
      key: full(key),
      message: `unknown key${suggestion ? ` (did you mean ${full(suggestion)}?)` : ""}; known keys: ${CONFIG_KEYS.join(", ")}`,
      fix:
        removeCommand(stack, key) +
        (suggestion ? ` && ${setCommand(stack, suggestion, "<value>", isSecretKey(suggestion))}` : ""),
    });
  }

  const plain: PlainValues = {};
  const keep = <K extends PlainKey>(key: K, value: PlainTypes[K]) => (plain[key] = value);
  for (const key of PLAIN_KEYS) {
    const value = raw.values[key];
    if (value === undefined) continue;
    const rule = PLAIN_RULES[key];
    const parsed = parsePlain(key, value);
    if (!(parsed instanceof z.ZodError)) keep(key, parsed);
    else {
      problems.push({
        key: full(key),
        message: `must be ${rule.expected}, got ${JSON.stringify(value)}`,
        // For the environment, the value that was meant ("prod" → production), never a guess.
        fix: setCommand(
          stack,
          key,
          key === "environment" ? (closest(value, ENVIRONMENTS) ?? `<${ENVIRONMENTS.join("|")}>`) : rule.example,
        ),
      });
    }
  }
  const missing = (key: PlainKey, why = "is not set") => {
    if (raw.values[key] !== undefined) return; // set but invalid: already reported
    problems.push({ key: full(key), message: why, fix: setCommand(stack, key, PLAIN_RULES[key].example) });
  };

  const environment = plain.environment;
  if (environment === undefined)
    missing("environment", `is not set; it names the environment this stack provisions (${ENVIRONMENTS.join(", ")})`);
  const url = plain.keycloakUrl;
  if (url === undefined) missing("keycloakUrl", "is not set; it is the Keycloak server's root URL");
  else if (environment === "production" && !url.startsWith("https://") && !isLoopback(url)) {
    problems.push({
      key: full("keycloakUrl"),
      message: `must use https in production (plain http only for a Keycloak on loopback), got ${JSON.stringify(url)}`,
      fix: setCommand(stack, "keycloakUrl", "https://<host>"),
    });
  }
  const realm = plain.keycloakRealm;
  if (realm === undefined) missing("keycloakRealm", "is not set; it is the realm the registry is provisioned into");
  const clientId = plain.keycloakClientId;
  if (clientId === undefined)
    missing("keycloakClientId", "is not set; it is the client the program logs in to Keycloak with");

  const username = plain.keycloakUsername;
  const {
    keycloakClientSecret: clientSecret,
    keycloakPassword: password,
    kubernetesKubeconfig: kubeconfig,
  } = raw.secrets;
  let login: KeycloakLogin<S> | undefined;
  if (clientSecret !== undefined && (username !== undefined || password !== undefined)) {
    problems.push({
      key: full(username !== undefined ? "keycloakUsername" : "keycloakPassword"),
      message: `is set together with ${full("keycloakClientSecret")}; log in either with a client secret or with a user name and password`,
      fix: [
        ...(username !== undefined ? ["keycloakUsername"] : []),
        ...(password !== undefined ? ["keycloakPassword"] : []),
      ]
        .map((key) => removeCommand(stack, key))
        .join(" && "),
    });
  } else if (clientSecret !== undefined) {
    if (clientId !== undefined) login = { kind: "client-credentials", clientId, clientSecret };
  } else if (username !== undefined || password !== undefined) {
    if (username === undefined) missing("keycloakUsername", `is not set, but ${full("keycloakPassword")} is`);
    if (password === undefined) {
      problems.push({
        key: full("keycloakPassword"),
        message: `is not set, but ${full("keycloakUsername")} is`,
        fix: secretHint("keycloakPassword"),
      });
    }
    if (clientId !== undefined && username !== undefined && password !== undefined) {
      login = { kind: "password", clientId, username, password };
    }
  } else if (raw.values.keycloakUsername === undefined) {
    problems.push({
      key: full("keycloakClientSecret"),
      message:
        `is not set: the program needs a Keycloak credential, the admin client's secret ` +
        `(or ${full("keycloakUsername")} and ${full("keycloakPassword")} for a local server)`,
      fix: secretHint("keycloakClientSecret"),
    });
  }

  const deliver = plain.deliverCredentials ?? false;
  const context = plain.kubernetesContext ?? null;
  if (deliver && context === null && kubeconfig === undefined && raw.values.kubernetesContext === undefined) {
    problems.push({
      key: full("kubernetesContext"),
      message:
        `is not set, and neither is ${full("kubernetesKubeconfig")}: credential delivery is on, and the ` +
        "Kubernetes provider must not fall back to whatever context the operator's machine has selected",
      fix: `${setCommand(stack, "kubernetesContext", PLAIN_RULES.kubernetesContext.example)}, or ${setCommand(stack, "deliverCredentials", "false")}`,
    });
  }

  // Each of these being unset has been reported above; the explicit checks let the compiler see it.
  if (
    problems.length > 0 ||
    environment === undefined ||
    url === undefined ||
    realm === undefined ||
    login === undefined
  ) {
    throw new ConfigError(stack, problems);
  }
  return {
    stack,
    environment,
    registryDir: plain.registryDir ?? null,
    protect: plain.protect ?? environment === "production",
    adoptFile: plain.adoptFile ?? null,
    keycloak: {
      url,
      realm,
      adminRealm: plain.keycloakAdminRealm ?? DEFAULT_ADMIN_REALM,
      login,
      issuerUrl: `${url}/realms/${realm}`,
    },
    kubernetes: deliver
      ? { deliverCredentials: true, context, kubeconfig: kubeconfig ?? null }
      : { deliverCredentials: false },
  };
}

/** The known key a mistyped one most likely meant (the registry's did-you-mean: a few edits or a prefix). */
export function suggestKey(key: string): string | undefined {
  return closest(key, CONFIG_KEYS);
}

/** The environment variable that overrides the registry root (tests, end-to-end runs). */
export const REGISTRY_DIR_VARIABLE = "SCOPE_REGISTRY_DIR";

/**
 * The registry root: the environment variable, else `registryDir` from config, else the project root.
 * Relative paths are taken from the project root, so a stack behaves the same from any directory.
 */
export function registryRoot(sources: {
  readonly variable: string | undefined;
  readonly configured: string | null;
  readonly projectRoot: string;
}): string {
  const chosen = sources.variable !== undefined && sources.variable !== "" ? sources.variable : sources.configured;
  return chosen === null ? sources.projectRoot : resolve(sources.projectRoot, chosen);
}

/**
 * A Keycloak on this machine's loopback interface (the local stack and the end-to-end suite, which
 * also provision the production view): plain http never leaves the host there.
 */
function isLoopback(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}
