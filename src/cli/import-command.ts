/**
 * `import --env <environment> --out <dir> --owner <@org/team>`: registry files from a live realm (the
 * connection options of verify, and its login code) or from a realm export (`--realm-export
 * realm.json`), merged into the files an earlier import wrote in --out (src/live/import.ts).
 *
 * Exit 0: written, and the result validates. 1: a file in the way (not written by import, without
 * --force; a link; not a folder), a file that cannot be merged into, or a result that does not
 * validate (its problems printed; the files are written). 2: usage, or a realm export that cannot be
 * read. 3: Keycloak unreachable or refused. The report (what the registry cannot express) goes to
 * stdout, or with --report to that file.
 */
import { lstatSync, mkdirSync, readFileSync, unlinkSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { connectionSettings, readStackSettings, SettingsError, type ConnectionSettings } from "../live/connection";
import { KeycloakUnavailable } from "../live/errors";
import {
  clientFilePath,
  FILE_KEY,
  formatReportLine,
  importRealm,
  scopeFilePath,
  unexplainedFindings,
  type ImportedFiles,
} from "../live/import";
import { clientFileText, isImportedText, scopeFileText } from "../live/import-files";
import type { LiveRealm } from "../live/realm";
import { RealmExportError, realmFromExport } from "../live/realm-export";
import {
  CLIENTS_DIR,
  errorsIn,
  loadRegistry,
  ownerSchema,
  planEnvironment,
  printableLine,
  readRegistryDir,
  SCOPES_DIR,
  validateDir,
  type Environment,
} from "../registry";
import { formatProblems, summary } from "./format";
import { RefusedPath, writeGenerated } from "./generated-file";
import type { Io } from "./io";
import { environmentOf, readFirstLine, scrub, scrubbedError, SECRET_VARIABLE, withoutSecret } from "./verify-command";

export interface ImportOptions {
  readonly env?: string;
  readonly out?: string;
  readonly owners: readonly string[];
  readonly services: readonly string[];
  readonly realmExport?: string;
  readonly report?: string;
  readonly force: boolean;
  readonly stack?: string;
  readonly url?: string;
  readonly realm?: string;
  readonly clientId?: string;
  readonly adminRealm?: string;
  readonly clientSecretStdin: boolean;
}

export interface ImportContext {
  /** The project root: where `Pulumi.<stack>.yaml` files are. */
  readonly projectRoot: string;
  /** Where relative paths (--out, --realm-export, --report) are taken from. */
  readonly invokedFrom: string;
  readonly io: Io;
  readonly environment?: NodeJS.ProcessEnv;
  readonly readSecretLine?: () => Promise<string>;
}

export type ImportJob = () => Promise<number>;

/** A usage error of import's own: exit 2. */
class ImportUsage extends Error {}

const COMMAND = "npm run registry -- import";

/** The checks that need no Keycloak; returns an exit code when import stops there, else the job. */
export function prepareImport(options: ImportOptions, context: ImportContext): number | ImportJob {
  const { io } = context;
  let environment: Environment;
  let services: Map<string, string>;
  let out: string;
  let live: { settings: ConnectionSettings; secret: () => Promise<string> } | null = null;
  let exportFile: string | null = null;
  try {
    if (options.out === undefined) throw new ImportUsage("import needs --out <dir>: where the registry files go");
    if (options.owners.length === 0) {
      throw new ImportUsage(
        "import needs --owner <@org/team>: the team that owns the files it writes (the registry requires owners)",
      );
    }
    for (const owner of options.owners) {
      if (!ownerSchema.safeParse(owner).success) {
        throw new ImportUsage(`--owner ${JSON.stringify(owner)} is not a team or user handle such as @org/team`);
      }
    }
    services = serviceMapping(options.services);
    out = resolve(context.invokedFrom, options.out);
    if (options.realmExport !== undefined) {
      const liveOnly = (
        [
          ["stack", options.stack],
          ["url", options.url],
          ["client-id", options.clientId],
          ["admin-realm", options.adminRealm],
          ["client-secret-stdin", options.clientSecretStdin ? true : undefined],
        ] as const
      ).find(([, value]) => value !== undefined);
      if (liveOnly !== undefined) {
        throw new ImportUsage(`--realm-export reads a file: --${liveOnly[0]} is for a live realm`);
      }
      if (options.env === undefined) throw new ImportUsage("import needs --env <environment>");
      environment = environmentOf(options, {}, "import");
      exportFile = options.realmExport;
    } else {
      const stack = options.stack === undefined ? {} : readStackSettings(context.projectRoot, options.stack);
      environment = environmentOf(options, stack, "import");
      const settings = connectionSettings(stack, options, "import");
      const variables = context.environment ?? process.env;
      const fromVariable = variables[SECRET_VARIABLE];
      if (!options.clientSecretStdin && (fromVariable === undefined || fromVariable === "")) {
        throw new ImportUsage(
          `import needs the login client's secret: set ${SECRET_VARIABLE} or pass --client-secret-stdin (or read a file with --realm-export)`,
        );
      }
      live = {
        settings,
        secret: async () => (options.clientSecretStdin ? (context.readSecretLine ?? readFirstLine)() : fromVariable!),
      };
    }
  } catch (error) {
    if (!(error instanceof ImportUsage || error instanceof SettingsError)) throw error;
    io.err(printableLine(`error: ${error.message}`));
    return 2;
  }

  if (exportFile !== null) {
    let realm: LiveRealm;
    try {
      realm = readRealmExport(resolve(context.invokedFrom, exportFile), exportFile, options.realm);
    } catch (error) {
      if (!(error instanceof RealmExportError)) throw error;
      io.err(printableLine(`error: ${error.message}`));
      return 2;
    }
    const existing = existingFiles(out, options.force, io);
    if (existing === null) return 1;
    // Nothing to wait for: a file import is done here.
    return writeImport(realm, { environment, services, out, existing, options, loginClientId: null }, context);
  }

  const { settings, secret: readSecret } = live!;
  const existing = existingFiles(out, options.force, io);
  if (existing === null) return 1;
  return async () => {
    const secret = await readSecret();
    const safe = withoutSecret(io, secret);
    if (secret === "") {
      safe.err("error: no secret on standard input (--client-secret-stdin reads its first line)");
      return 2;
    }
    let realm: LiveRealm;
    try {
      const { AdminSession } = await import("../live/admin");
      const session = await AdminSession.login(settings, secret);
      realm = await session.readRealm(() => ({ default: true, optional: true }));
    } catch (error) {
      if (error instanceof KeycloakUnavailable) {
        safe.err(printableLine(`error: ${scrub(error.message, secret)}`));
        return 3;
      }
      throw scrubbedError(error, secret);
    }
    const loginClientId = settings.adminRealm === settings.realm ? settings.clientId : null;
    return writeImport(
      realm,
      { environment, services, out, existing, options, loginClientId },
      { ...context, io: safe },
    );
  };
}

/** `--service <prefix>=<service>`, each once. */
function serviceMapping(entries: readonly string[]): Map<string, string> {
  const mapping = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.lastIndexOf("=");
    const prefix = at < 0 ? "" : entry.slice(0, at);
    const key = at < 0 ? "" : entry.slice(at + 1);
    if (prefix === "" || key === "") {
      throw new ImportUsage(`--service ${JSON.stringify(entry)} is not <prefix>=<service>`);
    }
    if (!FILE_KEY.test(key)) {
      throw new ImportUsage(
        `--service ${JSON.stringify(entry)}: ${JSON.stringify(key)} is not a service key (lower-case letters, digits and dashes; the file is scopes/<service>.yaml)`,
      );
    }
    if (mapping.has(prefix)) throw new ImportUsage(`--service gives prefix ${JSON.stringify(prefix)} twice`);
    mapping.set(prefix, key);
  }
  return mapping;
}

function readRealmExport(path: string, shown: string, realm: string | undefined): LiveRealm {
  const name = `--realm-export ${JSON.stringify(shown)}`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new RealmExportError(`${name} cannot be read (${code})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new RealmExportError(`${name} is not JSON`);
  }
  return realmFromExport(document, name, realm);
}

/**
 * The registry files already in --out, to merge into. A file import did not write (no marker line) is
 * in the way unless --force; a link or anything else that is not a regular file always is; so is a
 * file that does not load. Null after printing why.
 */
function existingFiles(out: string, force: boolean, io: Io): ImportedFiles | null {
  const stats = lstatOrNull(out);
  if (stats !== null && !stats.isDirectory()) {
    io.err(printableLine(`error: --out ${out} is ${stats.isSymbolicLink() ? "a symbolic link" : "not a folder"}`));
    return null;
  }
  if (stats === null) return { scopeFiles: new Map(), clientFiles: new Map() };
  const read = readRegistryDir(out);
  const refused: string[] = read.problems.map((problem) => `error: ${problem.message}`);
  const texts = read.texts.filter((t) => t.path.startsWith(`${SCOPES_DIR}/`) || t.path.startsWith(`${CLIENTS_DIR}/`));
  for (const { path, text } of texts) {
    if (!force && !isImportedText(text)) {
      refused.push(`error: ${path} was not written by import: move it away, or pass --force to merge into it`);
    }
  }
  const loaded = loadRegistry(texts);
  for (const problem of errorsIn(loaded.problems)) {
    refused.push(`error: ${problem.file} cannot be merged into: ${problem.message} (line ${problem.line})`);
  }
  if (refused.length > 0) {
    refused.forEach((line) => io.err(printableLine(line)));
    return null;
  }
  return {
    scopeFiles: new Map(loaded.scopeFiles.map((f) => [f.key, f.data])),
    clientFiles: new Map(loaded.clientFiles.map((f) => [f.key, f.data])),
  };
}

interface WriteArgs {
  readonly environment: Environment;
  readonly services: ReadonlyMap<string, string>;
  readonly out: string;
  readonly existing: ImportedFiles;
  readonly options: ImportOptions;
  readonly loginClientId: string | null;
}

/** Imports, writes the files, validates them, and tells what the registry could not express. */
function writeImport(realm: LiveRealm, args: WriteArgs, context: ImportContext): number {
  const { io } = context;
  const { out, environment } = args;
  const result = importRealm(
    realm,
    { environment, owners: args.options.owners, services: args.services, loginClientId: args.loginClientId },
    args.existing,
  );
  const files: { path: string; text: string }[] = [
    ...[...result.files.scopeFiles].map(([key, file]) => ({ path: scopeFilePath(key), text: scopeFileText(file) })),
    ...[...result.files.clientFiles].map(([key, file]) => ({ path: clientFilePath(key), text: clientFileText(file) })),
  ];
  try {
    if (lstatOrNull(out) === null) mkdirSync(out, { recursive: true });
    for (const file of files) writeGenerated(out, { ...file, command: COMMAND });
    for (const path of result.emptied) unlinkSync(join(out, path));
  } catch (error) {
    if (!(error instanceof RefusedPath)) throw error;
    io.err(printableLine(`error: ${error.message}`));
    return 1;
  }

  const report = [...result.report];
  const { registry, problems } = validateDir(out);
  const errors = errorsIn(problems);
  if (errors.length === 0) {
    const plan = planEnvironment(registry, environment);
    report.push(...unexplainedFindings(plan, realm, result.files, report, args.loginClientId));
  }
  const lines = report.map((line) => formatReportLine(line));
  if (args.options.report !== undefined) {
    const path = resolve(context.invokedFrom, args.options.report);
    try {
      writeGenerated(dirname(path), {
        path: basename(path),
        text: lines.map((l) => `${l}\n`).join(""),
        command: COMMAND,
      });
    } catch (error) {
      if (!(error instanceof RefusedPath)) throw error;
      io.err(printableLine(`error: ${error.message}`));
      return 1;
    }
  } else lines.forEach((line) => io.out(printableLine(line)));

  const scopes = [...result.files.scopeFiles.values()].reduce(
    (n, f) => n + f.scopes.filter((s) => s.availability.includes(environment)).length,
    0,
  );
  const clients = [...result.files.clientFiles.values()].filter(
    (c) => c.environments[environment] !== undefined,
  ).length;
  const where = args.options.report !== undefined ? ` (in ${args.options.report})` : "";
  // The report is the result (stdout); the summary is status (stderr), as verify's is.
  io.err(
    printableLine(
      `imported realm ${realm.realm} as ${environment} into ${out}: ${scopes} scope${scopes === 1 ? "" : "s"}, ${clients} client${clients === 1 ? "" : "s"}; ${report.length} report line${report.length === 1 ? "" : "s"}${where}`,
    ),
  );
  if (errors.length > 0) {
    formatProblems(errors, "text").forEach((line) => io.err(line));
    io.err(`${summary(registry, problems)}: fix these in ${out}, then run validate --dir ${out}`);
    return 1;
  }
  return 0;
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
