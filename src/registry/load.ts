/**
 * Load: the registry's YAML files → typed records that remember where every value came from. A file
 * that cannot be parsed or does not match its schema yields problems and no record; loading always
 * reads every file, so one run reports everything.
 */
import { lstatSync, readdirSync, type Stats } from "node:fs";
import { join } from "node:path";
import { compareStrings, problemAt, type Finding, type Problem } from "./problems";
import {
  clientFileSchema,
  scopeFileSchema,
  settingsFileSchema,
  type ClientFile,
  type ScopeFile,
  type SettingsFile,
} from "./schema";
import { schemaProblems } from "./schema-problems";
import type { SourceFile } from "./source";
import { forbiddenCharacters } from "./characters";
import { MAX_FILE_BYTES } from "./limits";
import {
  fileSystemProblem,
  irregularEntry,
  irregularFolder,
  irregularKind,
  readRegistryFile,
  tooLarge,
} from "./read-files";
import { checkValues } from "./values";
import { parseYamlFile } from "./yaml-file";

export const SCOPES_DIR = "scopes";
export const CLIENTS_DIR = "clients";
/** The platform team's settings, at the registry root; optional. */
export const SETTINGS_FILE = "registry.yaml";

/** One file that loaded: its typed content and where each value came from. */
export interface LoadedFile<T> {
  /** The file's stem (`anitya` for scopes/anitya.yaml): the key that names its resources. */
  readonly key: string;
  readonly source: SourceFile;
  readonly data: T;
}

export type LoadedScopeFile = LoadedFile<ScopeFile>;
export type LoadedClientFile = LoadedFile<ClientFile>;
export type LoadedSettingsFile = LoadedFile<SettingsFile>;

export interface LoadedRegistry {
  /** Sorted by key, whatever order the file system lists them in. */
  readonly scopeFiles: readonly LoadedScopeFile[];
  readonly clientFiles: readonly LoadedClientFile[];
  /** registry.yaml, when present and valid. */
  readonly settings: LoadedSettingsFile | undefined;
  readonly problems: readonly Problem[];
  /**
   * What files that failed to load still say about themselves (a namespace, scope names, a client id),
   * read from their raw YAML. Rules that reference them stay quiet about those names: the file's own
   * errors explain the problem, and a cascade of "not defined" errors in other files would mislead.
   */
  readonly unloaded: {
    readonly namespaces: readonly string[];
    readonly names: readonly string[];
    readonly clientIds: readonly string[];
    /** Scope files that could not be read at all: they may define any name. */
    readonly unreadableScopeFiles: readonly string[];
  };
}

/** One registry file as text; `path` is relative to the registry root, e.g. `scopes/anitya.yaml`. */
export interface RegistryText {
  readonly path: string;
  readonly text: string;
}

const KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Whether a file name in scopes/ or clients/ is a registry file (.yml is read, then refused by name). */
export function isRegistryFileName(name: string): boolean {
  return /\.ya?ml$/.test(name);
}

/** The registry's files as read from disk, and what kept others from being read. */
export interface RegistryDir {
  readonly texts: RegistryText[];
  /** Entries that are not regular files, file-system errors, files too large or not UTF-8. */
  readonly problems: Problem[];
}

/**
 * Reads `scopes/*.yaml`, `clients/*.yaml` and `registry.yaml` under `root`, as hostile input
 * (read-files.ts). Every entry is lstat'ed first: anything in scopes/ or clients/ that is not a regular
 * file (a link, a folder, a pipe, a socket, a device) is a problem and is never opened, and a scopes/ or
 * clients/ that is itself a link is one problem with nothing under it read. A missing folder is an empty
 * one, a missing registry.yaml an absent one. Whatever fails, the other files are still read.
 *
 * Files are opened without following links, so an entry swapped for a link after the lstat is refused
 * too; a folder swapped for a link between its lstat and its listing is not caught (the registry is a
 * checkout, not a tree someone changes while it is read).
 */
export function readRegistryDir(root: string): RegistryDir {
  const texts: RegistryText[] = [];
  const problems: Problem[] = [];
  const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
  /** The entry's lstat, or undefined when it does not exist or cannot be looked at (then reported). */
  const look = (path: string): Stats | undefined => {
    try {
      return lstatSync(join(root, path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") problems.push(fileSystemProblem(path, error, "read"));
      return undefined;
    }
  };
  const read = (path: string, stats: Stats) => {
    const kind = irregularKind(stats);
    const result = kind === undefined ? readRegistryFile(join(root, path), path, buffer) : irregularEntry(path, kind);
    if ("text" in result) texts.push({ path, text: result.text });
    else problems.push(result);
  };
  for (const dir of [SCOPES_DIR, CLIENTS_DIR]) {
    const stats = look(dir);
    if (stats === undefined) continue;
    if (stats.isSymbolicLink()) {
      problems.push(irregularFolder(dir, "a symbolic link"));
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch (error) {
      problems.push(fileSystemProblem(dir, error, "list"));
      continue;
    }
    for (const name of names.sort()) {
      const path = `${dir}/${name}`;
      const entry = look(path);
      // A regular file that is not YAML (a README) is not part of the registry; anything else is refused.
      if (entry !== undefined && (!entry.isFile() || isRegistryFileName(name))) read(path, entry);
    }
  }
  const settings = look(SETTINGS_FILE);
  if (settings !== undefined) read(SETTINGS_FILE, settings);
  return { texts, problems };
}

/** Reads and loads the registry under `root`: what could not be read is reported with the rest. */
export function loadRegistryDir(root: string): LoadedRegistry {
  const read = readRegistryDir(root);
  const loaded = loadRegistry(read.texts);
  const problems: Problem[] = [];
  for (const problem of read.problems) problems.push(problem);
  for (const problem of loaded.problems) problems.push(problem);
  // A client file that could not be read still names its client id, by its file name (see `unloaded`).
  const clientIds = [...loaded.unloaded.clientIds];
  for (const { file } of read.problems) {
    const match = /^clients\/([^/]+)\.ya?ml$/.exec(file);
    if (match !== null) clientIds.push(match[1]);
  }
  return { ...loaded, problems, unloaded: { ...loaded.unloaded, clientIds } };
}

/** Parses and schema-checks every file. Pure: the same texts give the same result in any order. */
export function loadRegistry(texts: readonly RegistryText[]): LoadedRegistry {
  const scopeFiles: LoadedScopeFile[] = [];
  const clientFiles: LoadedClientFile[] = [];
  const problems: Problem[] = [];
  const unloaded = {
    namespaces: [] as string[],
    names: [] as string[],
    clientIds: [] as string[],
    unreadableScopeFiles: [] as string[],
  };
  let settings: LoadedSettingsFile | undefined;
  for (const { path, text } of texts) {
    // The working tree's reader has refused files too large already; texts from git come here unread.
    if (text.length > MAX_FILE_BYTES / 3 && Buffer.byteLength(text) > MAX_FILE_BYTES) {
      problems.push(tooLarge(path));
      continue;
    }
    const characters = forbiddenCharacters(path, text);
    if (characters !== undefined) problems.push(characters);
    if (path === SETTINGS_FILE) {
      const parsed = parseYamlFile(path, text);
      for (const problem of parsed.problems) problems.push(problem);
      if (parsed.data === undefined) continue;
      const checked = schemaProblems(settingsFileSchema, parsed.data, parsed.source);
      for (const problem of checked.problems) problems.push(problem);
      if (checked.value !== undefined) {
        settings = { key: "registry", source: parsed.source, data: checked.value as SettingsFile };
      }
      continue;
    }
    const [dir, name = ""] = path.split("/");
    const key = name.replace(/\.ya?ml$/, "");
    const parsed = parseYamlFile(path, text);
    for (const problem of parsed.problems) problems.push(problem);
    if (name.endsWith(".yml")) {
      problems.push(
        fileProblem(path, {
          rule: "file-name",
          message: `${path} ends in .yml`,
          fix: `rename it to ${dir}/${key}.yaml`,
        }),
      );
      continue;
    }
    if (!KEY.test(key)) {
      problems.push(
        fileProblem(path, {
          rule: "file-name",
          message: `file name ${JSON.stringify(name)} is not a registry key`,
          fix: "name the file in lower case letters, digits and dashes, e.g. my-service.yaml",
        }),
      );
      continue;
    }
    if (parsed.data === undefined) {
      // A file that does not parse defines nothing, but the names it was meant to define are not
      // "unknown" to the files that refer to them: its syntax error is the one problem to fix.
      if (dir === SCOPES_DIR) {
        if (!unloadedScopeNames(parsed.salvaged, unloaded)) unloaded.unreadableScopeFiles.push(path);
      } else unloaded.clientIds.push(textOf(field(parsed.salvaged, "clientId")) ?? key);
      continue;
    }
    // Control characters (when the raw text has none reported already) and lengths of every value.
    const values = checkValues(dir, parsed.data, parsed.source, characters === undefined);
    for (const problem of values.problems) problems.push(problem);
    // A file with a hostile character or value does not load, like one that fails its schema.
    const refused = characters !== undefined || values.problems.length > 0;
    if (dir === SCOPES_DIR) {
      const checked = schemaProblems(scopeFileSchema, parsed.data, parsed.source);
      for (const problem of checked.problems) if (!values.covers(problem)) problems.push(problem);
      if (checked.value !== undefined && !refused) {
        scopeFiles.push({ key, source: parsed.source, data: checked.value as ScopeFile });
      } else {
        unloadedScopeNames(parsed.data, unloaded);
      }
    } else {
      const checked = schemaProblems(clientFileSchema, parsed.data, parsed.source);
      for (const problem of checked.problems) if (!values.covers(problem)) problems.push(problem);
      if (checked.value !== undefined && !refused) {
        clientFiles.push({ key, source: parsed.source, data: checked.value as ClientFile });
      } else {
        unloaded.clientIds.push(textOf(field(parsed.data, "clientId")) ?? key);
      }
    }
  }
  scopeFiles.sort((a, b) => compareStrings(a.key, b.key));
  clientFiles.sort((a, b) => compareStrings(a.key, b.key));
  return { scopeFiles, clientFiles, settings, problems, unloaded };
}

/**
 * The namespace and full scope names a scope file that did not load was meant to define; false when
 * it names none.
 */
function unloadedScopeNames(data: unknown, unloaded: { namespaces: string[]; names: string[] }): boolean {
  const before = unloaded.namespaces.length + unloaded.names.length;
  const namespace = textOf(field(data, "namespace")) ?? "";
  if (namespace !== "") unloaded.namespaces.push(namespace);
  const scopes = field(data, "scopes");
  for (const scope of Array.isArray(scopes) ? (scopes as unknown[]) : []) {
    const id = textOf(field(scope, "id"));
    if (id !== undefined) unloaded.names.push(namespace + id);
  }
  return unloaded.namespaces.length + unloaded.names.length > before;
}

/** A problem with the file as a whole, placed at its start. */
function fileProblem(file: string, finding: Finding): Problem {
  return problemAt(file, { line: 1, column: 1 }, finding);
}

/** A field of a value that did not match its schema: anything, or undefined when it is not an object. */
function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
