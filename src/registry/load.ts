/**
 * Load: the registry's YAML files → typed records that remember where every value came from. A file
 * that cannot be parsed or does not match its schema yields problems and no record; loading always
 * reads every file, so one run reports everything.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareStrings, problemAt, type Finding, type Problem } from "./problems";
import { clientFileSchema, scopeFileSchema, type ClientFile, type ScopeFile } from "./schema";
import { schemaProblems } from "./schema-problems";
import type { SourceFile } from "./source";
import { parseYamlFile } from "./yaml-file";

export const SCOPES_DIR = "scopes";
export const CLIENTS_DIR = "clients";

/** One file that loaded: its typed content and where each value came from. */
export interface LoadedFile<T> {
  /** The file's stem (`anitya` for scopes/anitya.yaml): the key that names its resources. */
  readonly key: string;
  readonly source: SourceFile;
  readonly data: T;
}

export type LoadedScopeFile = LoadedFile<ScopeFile>;
export type LoadedClientFile = LoadedFile<ClientFile>;

export interface LoadedRegistry {
  /** Sorted by key, whatever order the file system lists them in. */
  readonly scopeFiles: readonly LoadedScopeFile[];
  readonly clientFiles: readonly LoadedClientFile[];
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

/** Reads `scopes/*.yaml` and `clients/*.yaml` under `root`. A missing folder is an empty one. */
export function readRegistryDir(root: string): RegistryText[] {
  const texts: RegistryText[] = [];
  for (const dir of [SCOPES_DIR, CLIENTS_DIR]) {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    for (const name of names.sort()) {
      if (!isRegistryFileName(name)) continue;
      texts.push({ path: `${dir}/${name}`, text: readFileSync(join(root, dir, name), "utf8") });
    }
  }
  return texts;
}

export function loadRegistryDir(root: string): LoadedRegistry {
  return loadRegistry(readRegistryDir(root));
}

/** Parses and schema-checks every file. Pure: the same texts give the same result in any order. */
export function loadRegistry(texts: readonly RegistryText[]): LoadedRegistry {
  const scopeFiles: LoadedScopeFile[] = [];
  const clientFiles: LoadedClientFile[] = [];
  const problems: Problem[] = [];
  const unloaded = { namespaces: [] as string[], names: [] as string[], clientIds: [] as string[] };
  for (const { path, text } of texts) {
    const [dir, name = ""] = path.split("/");
    const key = name.replace(/\.ya?ml$/, "");
    const parsed = parseYamlFile(path, text);
    problems.push(...parsed.problems);
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
    if (parsed.data === undefined) continue;
    if (dir === SCOPES_DIR) {
      const checked = schemaProblems(scopeFileSchema, parsed.data, parsed.source);
      problems.push(...checked.problems);
      if (checked.value !== undefined) {
        scopeFiles.push({ key, source: parsed.source, data: checked.value as ScopeFile });
      } else {
        const namespace = textOf(field(parsed.data, "namespace")) ?? "";
        if (namespace !== "") unloaded.namespaces.push(namespace);
        const scopes = field(parsed.data, "scopes");
        for (const scope of Array.isArray(scopes) ? (scopes as unknown[]) : []) {
          const id = textOf(field(scope, "id"));
          if (id !== undefined) unloaded.names.push(namespace + id);
        }
      }
    } else {
      const checked = schemaProblems(clientFileSchema, parsed.data, parsed.source);
      problems.push(...checked.problems);
      if (checked.value !== undefined) {
        clientFiles.push({ key, source: parsed.source, data: checked.value as ClientFile });
      } else {
        unloaded.clientIds.push(textOf(field(parsed.data, "clientId")) ?? key);
      }
    }
  }
  scopeFiles.sort((a, b) => compareStrings(a.key, b.key));
  clientFiles.sort((a, b) => compareStrings(a.key, b.key));
  return { scopeFiles, clientFiles, problems, unloaded };
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
