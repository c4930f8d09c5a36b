/**
 * Every string a file holds, after parsing and before the schema: no control character (an escape such
 * as "\u202e" or "\x07" in a double-quoted string puts one into a value without it showing in the file),
 * no line break in a name, and no value longer than Keycloak stores (limits.ts). Keys are names too.
 */
import { describeCharacter, forbiddenInValue, visible } from "./characters";
import { characterCount, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from "./limits";
import { problemAt, quote, type Finding, type Problem } from "./problems";
import { isSecretField } from "./schema-problems";
import { describePath, type SourceFile, type ValuePath } from "./source";

interface Kind {
  /** Free text may hold line breaks (LF); names may not. */
  readonly multiline: boolean;
  readonly max: number;
  /** Whether the cap is Keycloak's (the value is stored there) or the registry's own. */
  readonly keycloak: boolean;
}

const NAME: Kind = { multiline: false, max: MAX_NAME_LENGTH, keycloak: true };
const TEXT: Kind = { multiline: true, max: MAX_TEXT_LENGTH, keycloak: false };
/** Free text that Keycloak stores in a VARCHAR(255) DESCRIPTION column (limits.ts). */
const DESCRIPTION: Kind = { multiline: true, max: MAX_NAME_LENGTH, keycloak: true };

/** What kind of value sits at `path` of a scope or client file. */
function kindAt(dir: string, path: ValuePath): Kind {
  if (path.length === 2 && path[0] === "justifications") return TEXT;
  const field = path[path.length - 1];
  switch (field) {
    case "summary":
      // A scope's summary is its client scope's description in Keycloak.
      return DESCRIPTION;
    case "description":
      // A client's description is stored in Keycloak; a scope file's is for the docs only.
      return dir === "clients" ? DESCRIPTION : TEXT;
    case "consentText":
    case "message":
    case "reason":
      return TEXT;
    case "value":
      // A constant claim's value is a mapper setting (a CLOB in Keycloak); it may be JSON on several lines.
      return path.includes("claims") ? TEXT : NAME;
    default:
      return NAME;
  }
}

/** Values under `credentials` or a secret-looking key are never echoed, whatever is wrong with them. */
function mayEcho(path: ValuePath): boolean {
  return !path.some((segment) => segment === "credentials" || (typeof segment === "string" && isSecretField(segment)));
}

export interface ValueCheck {
  readonly problems: readonly Problem[];
  /**
   * Whether a schema problem stands where a value was reported here: a name that ends in a line break
   * also has "whitespace around it", an owner with a tab in it is not a handle; one problem is enough.
   */
  readonly covers: (problem: Problem) => boolean;
}

/**
 * The problems of every string in `data` (a parsed scope or client file). `controls` is false when the
 * file's raw text already has a forbidden character reported: the value holding it is not reported again.
 */
export function checkValues(dir: string, data: unknown, source: SourceFile, controls: boolean): ValueCheck {
  const problems: Problem[] = [];
  const spots = new Set<string>();
  const report = (path: ValuePath, at: "key" | "value", finding: Finding) => {
    const position = source.locate(path, at);
    if (at === "value") spots.add(`${position.line}:${position.column}`);
    problems.push(problemAt(source.path, position, finding));
  };

  const check = (text: string, path: ValuePath, at: "key" | "value", kind: Kind) => {
    const where =
      at === "key"
        ? `key ${visible(quote(path[path.length - 1]))} in ${describePath(path.slice(0, -1))}`
        : describePath(path);
    const shown = at === "key" || !mayEcho(path) ? "" : ` ${visible(quote(text))}`;
    const code = controls ? forbiddenInValue(text, kind.multiline) : undefined;
    if (!kind.multiline && (code === 0x0a || code === 0x09)) {
      report(path, at, {
        rule: "control-character",
        message: `${where}${shown} contains a ${code === 0x0a ? "line break (U+000A)" : "tab (U+0009)"}, which a name cannot hold`,
        fix: "write the value on one line, with spaces instead of tabs",
      });
    } else if (code !== undefined) {
      report(path, at, { rule: "control-character", message: `${where}${shown} contains ${describeCharacter(code)}` });
    }
    const length = text.length > kind.max ? characterCount(text) : 0;
    if (length > kind.max) {
      report(path, at, {
        rule: "value-too-long",
        message: `${where}${shown} is ${length.toLocaleString("en-US")} characters long; ${kind.keycloak ? "Keycloak stores" : "the registry accepts"} at most ${kind.max}`,
        fix: kind.keycloak
          ? `shorten it to at most ${kind.max} characters`
          : `shorten it to at most ${kind.max} characters; link to longer documentation instead`,
      });
    }
  };

  const walk = (value: unknown, path: ValuePath): void => {
    if (typeof value === "string") {
      check(value, path, "value", kindAt(dir, path));
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) walk(value[i], [...path, i]);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        check(key, [...path, key], "key", NAME);
        walk(item, [...path, key]);
      }
    }
  };
  walk(data, []);
  return { problems, covers: (problem) => spots.has(`${problem.line}:${problem.column}`) };
}
