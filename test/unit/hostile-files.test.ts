/**
 * Hostile input that git cannot hold, or that is too large to commit, made at test time: named pipes,
 * sockets, links to /dev/zero and to secrets, unreadable and enormous files, 100,000 levels of nesting,
 * files with over a hundred thousand problems. Each must end in positioned problems, quickly: never a
 * hang, a crash, a followed link or an echoed secret. The committed fixtures (test/fixtures/invalid/)
 * hold what git can; rules.test.ts asserts them.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRegistry, readRegistryDir, validateDir, validateTexts, type Problem } from "../../src/registry";
import { MAX_FILE_BYTES } from "../../src/registry/limits";
import { decodeUtf8, firstInvalidUtf8, readRegistryFile } from "../../src/registry/read-files";

const SCOPE = `service: Base
namespace: https://example.org/base/
owners: ["@example/base"]
scopes:
  - id: read
    summary: Read things
    availability: [development]
`;

const CLIENT = `clientId: app
name: App
owners: ["@example/app"]
type: public
environments:
  development: {}
`;

const brief = (problems: readonly Problem[]) =>
  problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.rule}: ${p.message}`);

let roots: string[] = [];
let servers: Server[] = [];

/** A registry in a fresh temp folder: scopes/base.yaml, clients/app.yaml, then whatever `add` makes. */
function registry(add: (root: string) => void = () => {}): string {
  const root = mkdtempSync(join(tmpdir(), "hostile-"));
  roots.push(root);
  mkdirSync(join(root, "scopes"));
  mkdirSync(join(root, "clients"));
  writeFileSync(join(root, "scopes", "base.yaml"), SCOPE);
  writeFileSync(join(root, "clients", "app.yaml"), CLIENT);
  add(root);
  return root;
}

afterEach(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  servers = [];
  for (const root of roots) {
    chmodSync(root, 0o700);
    rmSync(root, { recursive: true, force: true });
  }
  roots = [];
});

const isRoot = process.getuid?.() === 0;

describe("entries that are not regular files", () => {
  it("a valid registry has no problem, so every problem below comes from what each test adds", () => {
    const { problems, registry: loaded } = validateDir(registry());
    expect(brief(problems)).toEqual([]);
    expect(loaded.scopes.size).toBe(1);
    expect(loaded.clients.size).toBe(1);
  });

  it("a named pipe is refused without being opened for a blocking read, and the other files still load", () => {
    const root = registry((r) => execFileSync("mkfifo", [join(r, "scopes", "pipe.yaml")]));
    const { problems, registry: loaded } = validateDir(root);
    expect(brief(problems)).toEqual([
      "scopes/pipe.yaml:1:1 not-a-regular-file: scopes/pipe.yaml is a named pipe, not a regular file",
    ]);
    expect(loaded.scopes.size).toBe(1);
  });

  it("a link to /dev/zero is refused, never followed, and its target is never named", () => {
    const root = registry((r) => symlinkSync("/dev/zero", join(r, "scopes", "zero.yaml")));
    const { problems } = validateDir(root);
    expect(brief(problems)).toEqual([
      "scopes/zero.yaml:1:1 not-a-regular-file: scopes/zero.yaml is a symbolic link, not a regular file",
    ]);
    expect(JSON.stringify(problems)).not.toContain("dev/zero");
  });

  it("a link to a secret outside the registry is never read, so nothing of it is echoed", () => {
    const outside = mkdtempSync(join(tmpdir(), "hostile-secret-"));
    roots.push(outside);
    writeFileSync(join(outside, "secret.yaml"), "clientId: Zq8-SUPER-SECRET\n");
    const root = registry((r) => symlinkSync(join(outside, "secret.yaml"), join(r, "clients", "stolen.yaml")));
    const { problems } = validateDir(root);
    expect(brief(problems)).toEqual([
      "clients/stolen.yaml:1:1 not-a-regular-file: clients/stolen.yaml is a symbolic link, not a regular file",
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/SUPER-SECRET|hostile-secret/);
  });

  it("a socket is refused", async () => {
    const root = registry();
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(join(root, "clients", "socket.yaml"), resolve));
    expect(brief(validateDir(root).problems)).toEqual([
      "clients/socket.yaml:1:1 not-a-regular-file: clients/socket.yaml is a socket, not a regular file",
    ]);
  });

  it("a folder is refused whatever its name, and nothing inside it is read", () => {
    const root = registry((r) => {
      mkdirSync(join(r, "scopes", "more.yaml"));
      writeFileSync(join(r, "scopes", "more.yaml", "x.yaml"), "not: [valid");
    });
    expect(brief(validateDir(root).problems)).toEqual([
      "scopes/more.yaml:1:1 not-a-regular-file: scopes/more.yaml is a folder, not a regular file",
    ]);
  });

  it("a regular file that is not YAML is not part of the registry", () => {
    const root = registry((r) => writeFileSync(join(r, "scopes", "README.md"), "# notes\n"));
    expect(brief(validateDir(root).problems)).toEqual([]);
  });

  it("scopes/ as a link to a folder is one problem, and nothing under it is read", () => {
    const elsewhere = registry();
    const root = registry((r) => {
      rmSync(join(r, "scopes"), { recursive: true });
      symlinkSync(join(elsewhere, "scopes"), join(r, "scopes"));
    });
    const { problems, registry: loaded } = validateDir(root);
    expect(brief(problems)).toEqual(["scopes:1:1 not-a-regular-file: scopes is a symbolic link, not a folder"]);
    expect(loaded.scopeFiles).toEqual([]);
    expect(JSON.stringify(problems)).not.toContain(elsewhere);
  });

  it("a client file that cannot be read still names its client, so references to it are not reported", () => {
    const root = registry((r) => {
      rmSync(join(r, "clients", "app.yaml"));
      execFileSync("mkfifo", [join(r, "clients", "app.yaml")]);
      writeFileSync(
        join(r, "scopes", "base.yaml"),
        SCOPE + "    restricted:\n      reason: Only the app\n      allowedClients: [app]\n",
      );
    });
    expect(brief(validateDir(root).problems)).toEqual([
      "clients/app.yaml:1:1 not-a-regular-file: clients/app.yaml is a named pipe, not a regular file",
    ]);
  });

  it("registry.yaml is read as the registry's settings file, from a regular file only", () => {
    const root = registry((r) => writeFileSync(join(r, "registry.yaml"), "# settings\n"));
    expect(readRegistryDir(root).texts.map((t) => t.path)).toEqual([
      "scopes/base.yaml",
      "clients/app.yaml",
      "registry.yaml",
    ]);
    const linked = registry((r) => symlinkSync("/etc/passwd", join(r, "registry.yaml")));
    const read = readRegistryDir(linked);
    expect(read.texts.map((t) => t.path)).toEqual(["scopes/base.yaml", "clients/app.yaml"]);
    expect(brief(read.problems)).toEqual([
      "registry.yaml:1:1 not-a-regular-file: registry.yaml is a symbolic link, not a regular file",
    ]);
  });
});

describe("files that cannot be read", () => {
  it.skipIf(isRoot)("an unreadable file is a problem naming EACCES, and the other files still load", () => {
    const root = registry((r) => {
      writeFileSync(join(r, "scopes", "locked.yaml"), SCOPE);
      chmodSync(join(r, "scopes", "locked.yaml"), 0);
    });
    const { problems, registry: loaded } = validateDir(root);
    expect(brief(problems)).toEqual([
      "scopes/locked.yaml:1:1 unreadable-file: cannot read scopes/locked.yaml: EACCES (permission denied)",
    ]);
    expect(loaded.scopes.size).toBe(1);
  });

  it.skipIf(isRoot)("an unreadable folder is a problem naming EACCES", () => {
    const root = registry((r) => chmodSync(join(r, "clients"), 0));
    expect(brief(validateDir(root).problems)).toEqual([
      "clients:1:1 unreadable-file: cannot list clients: EACCES (permission denied)",
    ]);
  });

  // Races: the entry changed between the lstat and the open. The reader opens without following links
  // and without blocking, and checks what it opened, so each is a problem naming what happened.
  const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
  it.each([
    [
      "swapped for a link",
      (path: string) => symlinkSync("/dev/zero", path),
      "scopes/x.yaml:1:1 unreadable-file: cannot read scopes/x.yaml: ELOOP (it is a symbolic link, or became one while being read)",
    ],
    [
      "swapped for a named pipe",
      (path: string) => execFileSync("mkfifo", [path]),
      "scopes/x.yaml:1:1 not-a-regular-file: scopes/x.yaml is a named pipe, not a regular file",
    ],
    [
      "removed",
      () => {},
      "scopes/x.yaml:1:1 unreadable-file: cannot read scopes/x.yaml: ENOENT (it disappeared while being read)",
    ],
    [
      "swapped for a folder",
      (path: string) => mkdirSync(path),
      "scopes/x.yaml:1:1 not-a-regular-file: scopes/x.yaml is a folder, not a regular file",
    ],
  ])("a file %s after it was listed", (_, make, expected) => {
    const root = registry();
    const path = join(root, "scopes", "x.yaml");
    make(path);
    const result = readRegistryFile(path, "scopes/x.yaml", buffer);
    expect("text" in result ? result.text : brief([result])).toEqual([expected]);
  });
});

describe("sizes", () => {
  it("an 8 GiB file is refused without being read", () => {
    const root = registry((r) => {
      writeFileSync(join(r, "scopes", "huge.yaml"), "");
      truncateSync(join(r, "scopes", "huge.yaml"), 8 * 1024 ** 3);
    });
    const started = Date.now();
    const { problems, registry: loaded } = validateDir(root);
    expect(brief(problems)).toEqual([
      "scopes/huge.yaml:1:1 file-too-large: scopes/huge.yaml is larger than 1 MiB (1,048,576 bytes), the most a registry file may hold",
    ]);
    expect(loaded.scopes.size).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a file of exactly 1 MiB is read; one byte more is not", () => {
    const at = (size: number) =>
      brief(
        validateDir(
          registry((r) =>
            writeFileSync(
              join(r, "scopes", "pad.yaml"),
              SCOPE.replace("Base", "Pads") + "#".repeat(size - SCOPE.length),
            ),
          ),
        ).problems,
      ).filter((p) => p.includes("file-too-large"));
    expect(at(MAX_FILE_BYTES)).toEqual([]);
    expect(at(MAX_FILE_BYTES + 1)).toHaveLength(1);
  });

  it("texts from elsewhere (git) are held to the same cap, in bytes", () => {
    // 600,000 "é" are 600,000 UTF-16 units but 1,200,000 bytes.
    const problems = loadRegistry([{ path: "scopes/big.yaml", text: `# ${"é".repeat(600_000)}\n` }]).problems;
    expect(problems.map((p) => p.rule)).toEqual(["file-too-large"]);
  });

  it.each([
    ["a 100,000-level flow sequence", "[".repeat(100_000)],
    ["a closed 100,000-level flow sequence", "x: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n"],
    ["100,000-level flow mappings", "{a: ".repeat(100_000)],
    ["100,000 nested block sequences on one line", "- ".repeat(100_000) + "x\n"],
    [
      "1,000 levels of block mappings",
      Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n") + " x\n",
    ],
  ])("%s is one positioned problem, quickly", (_, text) => {
    const started = Date.now();
    const { problems } = validateTexts([{ path: "scopes/deep.yaml", text }]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(problems.map((p) => p.rule)).toEqual(["too-deeply-nested"]);
    expect(problems[0].line).toBeGreaterThan(0);
  });

  it("32 levels are allowed, 33 are not", () => {
    const nested = (levels: number) =>
      validateTexts([{ path: "scopes/deep.yaml", text: "[".repeat(levels) + "]".repeat(levels) + "\n" }])
        .problems.filter((p) => p.rule === "too-deeply-nested")
        .map((p) => `${p.line}:${p.column}`);
    expect(nested(32)).toEqual([]);
    expect(nested(33)).toEqual(["1:33"]);
  });

  it.each([
    ["120,001 duplicate keys", "k: 1\n".repeat(120_001), "duplicate-key", "119,800"],
    [
      "120,001 unknown environments",
      SCOPE.replace("[development]", `[${"x, ".repeat(120_000)}x]`),
      "unknown-environment",
      "119,801",
    ],
  ])(
    "%s: 200 problems and one that counts the rest, no RangeError",
    (_, text, rule, rest) => {
      const { problems } = validateTexts([{ path: "scopes/many.yaml", text }]);
      expect(problems).toHaveLength(201);
      expect(problems.slice(0, 200).every((p) => p.rule === rule)).toBe(true);
      expect(problems[200]).toMatchObject({
        rule: "too-many-problems",
        severity: "error",
        message: `${rest} more problems in this file are not shown (at most 200 are listed per file)`,
      });
    },
    // Most of the time is the YAML library parsing 120,000 entries; a loaded CI machine is slow at it.
    120_000,
  );
});

describe("bytes", () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));

  it.each([
    ["a byte that starts nothing", bytes("a: b\n", [0xff]), "2:1", "byte 0xFF does"],
    ["a stray continuation byte", bytes("a: ", [0x80, 0x80]), "1:4", "bytes 0x80 0x80 do"],
    ["an overlong /", bytes("a: ", [0xc0, 0xaf]), "1:4", "bytes 0xC0 0xAF do"],
    ["a UTF-16 surrogate", bytes("a: ", [0xed, 0xa0, 0x80]), "1:4", "bytes 0xED 0xA0 0x80 do"],
    ["a code point above U+10FFFF", bytes("a: ", [0xf4, 0x90, 0x80, 0x80]), "1:4", "bytes 0xF4 0x90 0x80 0x80 do"],
    ["a sequence cut short by the end", bytes("ab", [0xe2, 0x82]), "1:3", "bytes 0xE2 0x82 do"],
    ["a sequence cut short by ASCII", bytes("ab", [0xe2, 0x82], "c"), "1:3", "bytes 0xE2 0x82 do"],
    ["Latin-1 after valid multi-byte text", bytes("é😀\n ", [0xe9, 0x20]), "2:2", "byte 0xE9 does"],
  ])("%s is reported where it stands", (_, input, at, what) => {
    const result = decodeUtf8("scopes/x.yaml", input);
    expect("text" in result ? result : [`${result.line}:${result.column}`, result.rule, result.message]).toEqual([
      at,
      "invalid-utf8",
      `the file is not valid UTF-8: ${what} not form a character`,
    ]);
  });

  it("the locator agrees with the strict decoder on random bytes", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const strict = new TextDecoder("utf-8", { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    for (let n = 0; n < 5000; n++) {
      // Mostly high bytes, so that every kind of sequence (and mistake) turns up.
      const input = Uint8Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        random() < 0.3 ? Math.floor(random() * 0x80) : 0x80 + Math.floor(random() * 0x80),
      );
      const bad = firstInvalidUtf8(input);
      expect(bad === input.length, `${Buffer.from(input).toString("hex")}`).toBe(valid(input));
      expect(valid(input.subarray(0, bad))).toBe(true);
    }
  });

  const load = (text: string) => brief(loadRegistry([{ path: "scopes/base.yaml", text }]).problems);

  it.each([
    ["BEL", "\u0007", "the control character U+0007"],
    ["ESC", "\u001b", "the control character U+001B (escape)"],
    ["NUL", "\u0000", "the control character U+0000 (null)"],
    ["DEL", "\u007f", "the control character U+007F (delete)"],
    ["a C1 control", "\u0085", "the control character U+0085"],
    [
      "a right-to-left override",
      "\u202e",
      "U+202E (right-to-left override), which makes text display in a different order than it is stored",
    ],
    [
      "a first-strong isolate",
      "\u2068",
      "U+2068 (first strong isolate), which makes text display in a different order than it is stored",
    ],
    ["a byte order mark inside the text", "\ufeff", "U+FEFF (byte order mark) after its start"],
    ["a CR without LF", "\r", "U+000D (carriage return) without a line feed after it"],
  ])("%s in a file is reported at its place", (_, character, what) => {
    expect(load(SCOPE.replace("Read things", `Read ${character}things`)).slice(0, 1)).toEqual([
      `scopes/base.yaml:6:19 control-character: the file contains ${what}`,
    ]);
  });

  it("is reported once per file, counting the rest", () => {
    expect(load(SCOPE.replace("Read things", "\u0007".repeat(100)))).toEqual([
      "scopes/base.yaml:6:14 control-character: the file contains the control character U+0007 (and 99 more)",
    ]);
  });

  it.each([
    ["tabs", SCOPE.replace("id: read", "id:\tread\t")],
    ["CRLF line ends", SCOPE.replace(/\n/g, "\r\n")],
    ["a leading byte order mark", `\ufeff${SCOPE}`],
    ["a multi-line summary", SCOPE.replace("Read things", "|-\n      Read things.\n      Then more.")],
  ])("%s are allowed", (_, text) => {
    const loaded = loadRegistry([{ path: "scopes/base.yaml", text }]);
    expect(brief(loaded.problems)).toEqual([]);
    expect(loaded.scopeFiles).toHaveLength(1);
  });
});

describe("values", () => {
  const client = (fields: string) =>
    brief(validateTexts([{ path: "clients/app.yaml", text: CLIENT + fields }]).problems);

  it.each([
    ['"a\\tb"', 'name "a\\tb" contains a tab (U+0009), which a name cannot hold'],
    ['"App\\n"', 'name "App\\n" contains a line break (U+000A), which a name cannot hold'],
    ['"App\\e[2J"', 'name "App\\u001b[2J" contains the control character U+001B (escape)'],
    [
      '"App\\u2066"',
      'name "App\\u2066" contains U+2066 (left-to-right isolate), which makes text display in a different order than it is stored',
    ],
    ['"App\\u0085"', 'name "App\\u0085" contains the control character U+0085'],
  ])("an escape in a double-quoted name is reported: %s", (value, message) => {
    expect(
      validateTexts([{ path: "clients/app.yaml", text: CLIENT.replace("name: App", `name: ${value}`) }]).problems.map(
        (p) => p.message,
      ),
    ).toEqual([message]);
  });

  it("a line break is allowed in free text, not a tab", () => {
    expect(client('description: "Two\\nlines"\n')).toEqual([]);
    expect(client('description: "Two\\tcolumns"\n')).toEqual([
      'clients/app.yaml:7:14 control-character: description "Two\\tcolumns" contains the control character U+0009 (tab)',
    ]);
  });

  it("a key is a name too", () => {
    expect(client('justifications:\n  "https://example.org/\\u202e": because\n')).toEqual([
      'clients/app.yaml:8:3 control-character: key "https://example.org/\\u202e" in justifications contains U+202E (right-to-left override), which makes text display in a different order than it is stored',
    ]);
  });

  it("a value under credentials is never echoed", () => {
    const problems = validateTexts([
      {
        path: "clients/app.yaml",
        text:
          CLIENT.replace("type: public", "type: confidential") +
          'credentials:\n  kubernetes: { namespace: app, secretName: "Zq8-SUPER-SECRET\\u0007" }\n',
      },
    ]).problems;
    expect(problems.map((p) => p.message)).toContain(
      "credentials.kubernetes.secretName contains the control character U+0007",
    );
    expect(JSON.stringify(problems)).not.toContain("SUPER-SECRET");
  });

  it("lengths count characters, as Keycloak's columns do, not UTF-16 units", () => {
    const named = (name: string) =>
      validateTexts([{ path: "clients/app.yaml", text: CLIENT.replace("name: App", `name: ${name}`) }]).problems.map(
        (p) => p.rule,
      );
    expect(named("😀".repeat(255))).toEqual([]);
    expect(named("😀".repeat(256))).toEqual(["value-too-long"]);
    expect(named("a".repeat(255))).toEqual([]);
  });

  it("free text has the registry's own cap", () => {
    expect(client(`description: ${"a".repeat(255)}\n`)).toEqual([]);
    const scope = (text: string) => brief(validateTexts([{ path: "scopes/base.yaml", text }]).problems);
    expect(scope(`${SCOPE}description: ${"a".repeat(2000)}\n`)).toEqual([]);
    expect(scope(`${SCOPE}description: ${"a".repeat(2001)}\n`).map((p) => p.replace(/"a+\.\.\./, "…"))).toEqual([
      "scopes/base.yaml:8:14 value-too-long: description … is 2,001 characters long; the registry accepts at most 2000",
    ]);
  });
});
