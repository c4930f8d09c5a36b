/**
 * The Pulumi program: one stack per environment. Configuration is read here and nowhere else; the
 * rest of the program takes plain values. Bad configuration or a bad registry throws before any
 * resource is registered, with the same messages as the command line.
 */
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  CONFIG_NAMESPACE,
  PLAIN_KEYS,
  REGISTRY_DIR_VARIABLE,
  SECRET_KEYS,
  parseConfig,
  planForStack,
  provision,
  registryRoot,
  stackWarningLines,
  readAdoption,
  NO_ADOPTION,
  useV8StackTraces,
} from "./components";

const config = new pulumi.Config(CONFIG_NAMESPACE);
const prefix = `${CONFIG_NAMESPACE}:`;

const settings = parseConfig<pulumi.Output<string>>({
  stack: pulumi.getStack(),
  keys: Object.keys(pulumi.runtime.allConfig())
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length)),
  values: Object.fromEntries(PLAIN_KEYS.flatMap((key) => present(key, config.get(key)))),
  // Credentials are optional one by one (a client secret, or a user name and password), so they are
  // read with getSecret rather than requireSecret; parseConfig reports the missing one by name.
  secrets: Object.fromEntries(SECRET_KEYS.flatMap((key) => present(key, config.getSecret(key)))),
});

const root = registryRoot({
  variable: process.env[REGISTRY_DIR_VARIABLE],
  configured: settings.registryDir,
  projectRoot: __dirname,
});
const { plan, warnings } = planForStack(root, settings.environment);
// Logging is fire-and-forget: the engine flushes logs before the update ends.
for (const line of stackWarningLines(warnings, settings.environment)) void pulumi.log.warn(line);

// An adoption file (registry adopt) makes the next up import what the realm already holds.
const adoption =
  settings.adoptFile === null
    ? NO_ADOPTION
    : // Relative to the project directory, where Pulumi runs the program (and verify --adopt writes it).
      readAdoption(resolve(process.cwd(), settings.adoptFile), {
        realm: settings.keycloak.realm,
        environment: settings.environment,
      });

// Every resource captures a stack; mapping each one back to TypeScript was a third of the program's time.
useV8StackTraces();
const outputs = provision(plan, settings, {}, adoption);

export const environment = outputs.environment;
export const issuerUrl = outputs.issuerUrl;
export const scopes = outputs.scopes;
export const clients = outputs.clients;

function present<K extends string, V>(key: K, value: V | undefined): [K, V][] {
  return value === undefined ? [] : [[key, value]];
}
