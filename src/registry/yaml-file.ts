/**
 * Strict YAML: one document, no duplicate keys, no anchors or aliases, no tags. Registry files
 * are reviewed by people; anything that makes a file mean more than it shows is rejected. Rejecting
 * aliases before conversion also makes alias bombs ("billion laughs") harmless: nothing is expanded.
 */
import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type Node,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
} from "yaml";
import { MAX_NESTING } from "./limits";
import { problemAt, type Problem } from "./problems";
import type { RuleId } from "./rules";
import { SourceFile, type Position, type ValuePath } from "./source";

export interface ParsedYaml {
  readonly source: SourceFile;
  /** Undefined when the file could not be parsed; its problems say why. */
  readonly data: unknown;
  readonly problems: Problem[];
  /**
   * What the parser made of a file with syntax errors, as far as it got (undefined when nothing): never
   * validated or provisioned, only read for the names the file defines, so that references to them are
   * not reported as unknown on top of the syntax error.
   */
  readonly salvaged?: unknown;
}

export function parseYamlFile(path: string, text: string): ParsedYaml {
  const source = new SourceFile(path);
  const lines = new LineCounter();
  const problems: Problem[] = [];
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const report = (rule: RuleId, position: Position, message: string, fix: string) =>
    problems.push(problemAt(path, position, { rule, message, fix }));

  const documents = composeDocuments(text, lines, {
    schema: "core",
    strict: true,
    // Duplicates are found below, where the message can name the key and its first occurrence.
    uniqueKeys: false,
    version: "1.2",
  });
  if ("tooDeep" in documents) {
    report(
      "too-deeply-nested",
      at(documents.tooDeep),
      `the YAML nests collections more than ${MAX_NESTING} levels deep (registry files need about 6)`,
      "flatten the structure: no registry field nests this deep",
    );
    return { source, data: undefined, problems };
  }
  if (documents.length === 0) {
    report("empty-file", { line: 1, column: 1 }, "the file is empty", "write the file's fields, or delete it");
    return { source, data: undefined, problems };
  }
  if (documents.length > 1) {
    const second = documents[1];
    report(
      "yaml-syntax",
      at(second.range[0]),
      `the file holds ${documents.length} YAML documents`,
      "keep one document per file: remove the `---` separator and what follows, or move it to its own file",
    );
  }
  const document = documents[0];
  for (const error of [...document.errors, ...document.warnings]) {
    report("yaml-syntax", at(error.pos[0]), error.message.split("\n")[0], "fix the YAML syntax at this spot");
  }
  if (problems.length > 0) return { source, data: undefined, problems, salvaged: salvage(document) };
  if (document.contents === null) {
    report("empty-file", { line: 1, column: 1 }, "the file is empty", "write the file's fields, or delete it");
    return { source, data: undefined, problems };
  }

  // Anchors and aliases: reported once per file (an alias bomb has thousands), at the first one.
  const anchors: { name: string; position: Position }[] = [];
  const walk = (node: Node | null, path: ValuePath, key?: Position): void => {
    if (node === null) return;
    const position = at(node.range?.[0] ?? 0);
    source.record(path, position, key);
    const anchor = (node as { anchor?: string }).anchor;
    if (isAlias(node)) {
      anchors.push({ name: `*${node.source}`, position });
      return;
    }
    if (anchor) anchors.push({ name: `&${anchor}`, position });
    // Unknown tags fail to parse above; this catches the explicit standard ones, which would change
    // what a value is (`!!binary` makes bytes, `!!set` a mapping of nulls, `!!str 5` text that reads
    // as a number) without the plain value showing it. Untagged values never carry a tag here.
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag !== undefined) {
      report(
        "yaml-syntax",
        position,
        `explicit YAML tag ${node.tag.replace(/^tag:yaml\.org,2002:/, "!!")} is not allowed`,
        "remove the tag and write the plain value",
      );
    }
    if (isMap(node)) {
      const seen = new Map<string, Position>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keyPosition = at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
        const keyText = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const first = seen.get(keyText);
        if (first !== undefined) {
          report(
            "duplicate-key",
            keyPosition,
            `duplicate key ${JSON.stringify(keyText)} (first at line ${first.line})`,
            "keep one of the two: YAML would silently use only one of them",
          );
          continue;
        }
        seen.set(keyText, keyPosition);
        if (keyNode !== null && !isScalar(keyNode)) walk(keyNode, [...path, keyText]);
        walk(pair.value as Node | null, [...path, keyText], keyPosition);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item as Node | null, [...path, index]));
    }
  };
  walk(document.contents, []);
  if (anchors.length > 0) {
    const [first] = anchors;
    report(
      "yaml-anchor",
      first.position,
      `YAML anchors and aliases are not allowed (found ${first.name}${anchors.length > 1 ? ` and ${anchors.length - 1} more` : ""})`,
      "write every value out in full: a registry file must say exactly what it means where it says it",
    );
  }
  if (problems.length > 0) return { source, data: undefined, problems };
  return { source, data: document.toJS({ maxAliasCount: 0 }), problems };
}

/**
 * The file's YAML documents, as `parseAllDocuments` composes them, unless collections nest more than
 * MAX_NESTING deep: then the offset where they do, and nothing is composed. The concrete syntax tree is
 * built token by token, and the parser's stack of open collections is watched as it grows, because the
 * composer (and every walk of the tree after it) recurses once per level: 100,000 nested `[` would
 * exhaust the stack. The parser itself keeps its own stack in an array, so reaching the limit is cheap.
 */
function composeDocuments(
  text: string,
  lines: LineCounter,
  options: ParseOptions & DocumentOptions & SchemaOptions,
): Document.Parsed[] | { tooDeep: number } {
  const parser = new Parser(lines.addNewLine);
  const tokens: CST.Token[] = [];
  lines.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The stack also holds the document and the scalar being read; count collections only near the limit.
    if (parser.stack.length > MAX_NESTING && openCollections(parser.stack) > MAX_NESTING) return { tooDeep: offset };
  }
  for (const token of parser.end()) tokens.push(token);
  return Array.from(new Composer(options).compose(tokens));
}

function openCollections(stack: readonly CST.Token[]): number {
  let count = 0;
  for (const token of stack) {
    if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") count++;
  }
  return count;
}

/** The partial value of a document with errors; nothing when it holds an alias or cannot be read. */
function salvage(document: { toJS(options: { maxAliasCount: number }): unknown }): unknown {
  try {
    return document.toJS({ maxAliasCount: 0 });
  } catch {
    return undefined;
  }
}
