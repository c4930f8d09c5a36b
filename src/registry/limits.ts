/**
 * How much of anything the registry accepts. Registry files are written by many teams and reviewed by
 * people; the loader treats them as hostile input, so every size that could exhaust memory, the stack or
 * a reviewer's attention has a cap, set far above what a real registry file reaches and, where the value
 * ends up in Keycloak, at what Keycloak stores.
 */
import { problemAt, type Problem } from "./problems";

/**
 * The most bytes a registry file may hold: 1 MiB. The largest real file is a few kilobytes (a service
 * with a hundred scopes stays under 50 KiB); the cap keeps a huge or endless file (a link to
 * /dev/zero, a multi-gigabyte blob) from being read into memory at all.
 */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The deepest collections may nest: 32. Registry files need about 6 (a client file's
 * environments.production.redirectUris is 4); the YAML composer and the checks walk the tree
 * recursively, so 100,000 nested `[` must be refused before the tree is built.
 */
export const MAX_NESTING = 32;

/**
 * The most problems reported for one file: 200. A one-megabyte file can hold hundreds of thousands of
 * mistakes; past the cap, one problem counts the rest, so the report stays readable and bounded.
 */
export const MAX_PROBLEMS_PER_FILE = 200;

/**
 * The longest name, in characters: 255. Keycloak stores client scope names, client ids, client names,
 * protocol mapper names (our claim names) and redirect URIs in VARCHAR(255) columns: CLIENT_SCOPE.NAME
 * and DESCRIPTION (created as CLIENT_TEMPLATE in keycloak/keycloak
 * model/jpa/src/main/resources/META-INF/jpa-changelog-1.8.0.xml, renamed in jpa-changelog-4.0.0.xml),
 * CLIENT.CLIENT_ID and NAME (jpa-changelog-1.2.0.CR1.xml), PROTOCOL_MAPPER.NAME
 * (jpa-changelog-1.2.0.Beta1.xml), REDIRECT_URIS.VALUE (jpa-changelog-1.0.0.Final.xml). A longer value
 * fails in the database, after part of a deployment has been applied; it is refused here instead. Every
 * other single-line value (owners, ids, attribute names, web origins…) has the same cap.
 */
export const MAX_NAME_LENGTH = 255;

/**
 * The longest free text, in characters: 2000. Consent texts are client scope attributes, stored in
 * CLIENT_SCOPE_ATTRIBUTES.VALUE (2048 characters: ClientScopeEntity in keycloak/keycloak); reasons,
 * deprecation messages, justifications and service descriptions go to the docs and reviews only. 2000
 * is a few paragraphs: more belongs in the service's own documentation, linked from here.
 */
export const MAX_TEXT_LENGTH = 2000;

/** Length in characters (code points), as a database column counts them, not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/**
 * Keeps the first MAX_PROBLEMS_PER_FILE problems of each file and replaces the rest by one problem that
 * counts them, placed where the first one left out was. `sorted` is ordered by file first (as
 * compareProblems orders it), so each file's problems are contiguous; the result keeps that order. The
 * count is an error when any problem it stands for is one, and a warning when all of them are warnings.
 */
export function capProblemsPerFile(sorted: readonly Problem[]): Problem[] {
  const kept: Problem[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end < sorted.length && sorted[end].file === sorted[start].file) end++;
    const shown = Math.min(end - start, MAX_PROBLEMS_PER_FILE);
    for (let i = start; i < start + shown; i++) kept.push(sorted[i]);
    const hidden = end - start - shown;
    if (hidden > 0) {
      const first = sorted[start + shown];
      let error = false;
      for (let i = start + shown; i < end && !error; i++) error = sorted[i].severity === "error";
      kept.push(
        problemAt(first.file, first, {
          rule: "too-many-problems",
          message: `${hidden.toLocaleString("en-US")} more problem${hidden === 1 ? "" : "s"} in this file ${hidden === 1 ? "is" : "are"} not shown (at most ${MAX_PROBLEMS_PER_FILE} are listed per file)`,
          severity: error ? "error" : "warning",
        }),
      );
    }
    start = end;
  }
  return kept;
}
