/** Hostile input: files that are not regular files, bytes that are not text, sizes and nesting past the caps. */
import type { Expected } from "./expected";

const DUPLICATE_SERVICE = {
  severity: "error",
  rule: "duplicate-key",
  message: 'duplicate key "service" (first at line 1)',
  fix: "keep one of the two: YAML would silently use only one of them",
} as const;

export const HOSTILE_INPUT: Record<string, Expected[]> = {
  "invalid/not-a-regular-file": [
    {
      at: "scopes/link.yaml:1:1",
      severity: "error",
      rule: "not-a-regular-file",
      message: "scopes/link.yaml is a symbolic link, not a regular file",
      fix: "replace the link with the file itself: links are never followed, so no file can pull in content from elsewhere",
    },
    {
      at: "scopes/nested:1:1",
      severity: "error",
      rule: "not-a-regular-file",
      message: "scopes/nested is a folder, not a regular file",
      fix: "move its files directly into the registry folder (sub-folders are not read), or remove it",
    },
  ],
  "invalid/not-a-regular-file-folder": [
    {
      at: "scopes:1:1",
      severity: "error",
      rule: "not-a-regular-file",
      message: "scopes is a symbolic link, not a folder",
      fix: "replace the link with a real scopes folder: links are never followed",
    },
  ],
  "invalid/unreadable-file": [
    {
      at: "clients:1:1",
      severity: "error",
      rule: "unreadable-file",
      message: "cannot list clients: ENOTDIR (it is not a folder)",
      fix: "make clients a folder holding the registry's files",
    },
  ],
  "invalid/file-too-large": [
    {
      at: "scopes/big.yaml:1:1",
      severity: "error",
      rule: "file-too-large",
      message: "scopes/big.yaml is larger than 1 MiB (1,048,576 bytes), the most a registry file may hold",
      fix: "split the file, or remove what does not belong in it",
    },
  ],
  "invalid/invalid-utf8": [
    {
      at: "scopes/base.yaml:6:17",
      severity: "error",
      rule: "invalid-utf8",
      message: "the file is not valid UTF-8: byte 0xE9 does not form a character",
      fix: "save the file as UTF-8",
    },
  ],
  "invalid/control-character": [
    {
      at: "scopes/base.yaml:5:16",
      severity: "error",
      rule: "control-character",
      message:
        "the file contains U+202E (right-to-left override), which makes text display in a different order than it is stored (and 1 more)",
      fix: "delete the character (retype the line if you cannot see it)",
    },
  ],
  "invalid/control-character-in-value": [
    {
      at: "scopes/base.yaml:5:9",
      severity: "error",
      rule: "control-character",
      message: 'scopes[0].id "read\\nall" contains a line break (U+000A), which a name cannot hold',
      fix: "write the value on one line, with spaces instead of tabs",
    },
    {
      at: "scopes/base.yaml:6:14",
      severity: "error",
      rule: "control-character",
      message: 'scopes[0].summary "Read things\\u0007" contains the control character U+0007',
      fix: "delete the character (retype the line if you cannot see it)",
    },
    {
      at: "scopes/base.yaml:7:18",
      severity: "error",
      rule: "control-character",
      message:
        'scopes[0].consentText "Let the app read \\u202egnihtyreve" contains U+202E (right-to-left override), which makes text display in a different order than it is stored',
      fix: "delete the character (retype the line if you cannot see it)",
    },
  ],
  "invalid/value-too-long": [
    {
      at: "scopes/base.yaml:5:9",
      severity: "error",
      rule: "value-too-long",
      message: `scopes[0].id "${"r".repeat(76)}... is 256 characters long; Keycloak stores at most 255`,
      fix: "shorten it to at most 255 characters",
    },
    {
      at: "scopes/base.yaml:6:14",
      severity: "error",
      rule: "value-too-long",
      message: `scopes[0].summary "${"Read things. ".repeat(5)}Read things... is 259 characters long; Keycloak stores at most 255`,
      fix: "shorten it to at most 255 characters",
    },
  ],
  "invalid/value-too-long-full-name": [
    {
      at: "scopes/base.yaml:5:9",
      severity: "error",
      rule: "value-too-long",
      message: `scope name "https://example.org/${"n".repeat(56)}... (namespace + id) is 261 characters long; Keycloak stores at most 255`,
      fix: "shorten the namespace or the id: together they are the client scope's name in Keycloak",
    },
  ],
  "invalid/too-deeply-nested": [
    {
      at: "scopes/base.yaml:3:40",
      severity: "error",
      rule: "too-deeply-nested",
      message: "the YAML nests collections more than 32 levels deep (registry files need about 6)",
      fix: "flatten the structure: no registry field nests this deep",
    },
  ],
  // 250 duplicate keys: the first 200 are listed, then one problem counts the other 50.
  "invalid/too-many-problems": [
    ...Array.from({ length: 200 }, (_, i): Expected => ({ at: `scopes/base.yaml:${i + 2}:1`, ...DUPLICATE_SERVICE })),
    {
      at: "scopes/base.yaml:202:1",
      severity: "error",
      rule: "too-many-problems",
      message: "50 more problems in this file are not shown (at most 200 are listed per file)",
      fix: "fix the problems listed, then run validate again to see the rest",
    },
  ],
};
