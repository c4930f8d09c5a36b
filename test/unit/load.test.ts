/** Loading: positions of every value, strict YAML, and secrets never echoed. */
import { describe, expect, it } from "vitest";
import { loadRegistry, validateTexts } from "../../src/registry";
import { parseYamlFile } from "../../src/registry/yaml-file";

describe("positions", () => {
  const text = `service: Shop
owners:
  - "@example/shop"
scopes:
  - id: read
    summary: Read
    availability: [development, staging]
`;
  const { source } = parseYamlFile("scopes/shop.yaml", text);

  it.each([
    [["service"], "value", { line: 1, column: 10 }],
    [["service"], "key", { line: 1, column: 1 }],
    [["owners", 0], "value", { line: 3, column: 5 }],
    [["scopes", 0, "summary"], "value", { line: 6, column: 14 }],
    [["scopes", 0, "availability", 1], "value", { line: 7, column: 33 }],
    // A value that does not exist points at the nearest enclosing one: the object lacking it.
    [["scopes", 0, "claims", 3, "name"], "value", { line: 5, column: 5 }],
  ] as const)("%j (%s) is at %j", (path, at, position) => {
    expect(source.locate(path, at)).toEqual(position);
  });
});

describe("strict YAML", () => {
  const problems = (text: string) =>
    parseYamlFile("scopes/x.yaml", text).problems.map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}`);

  it("rejects a second document", () => {
    expect(problems("service: A\n---\nservice: B\n")).toEqual(["2:1 yaml-syntax: the file holds 2 YAML documents"]);
  });

  it("rejects custom tags", () => {
    expect(problems("service: !shout a\n")).toEqual(["1:10 yaml-syntax: Unresolved tag: !shout"]);
  });

  it.each([
    ["service: !!binary aGVsbG8=\n", "1:19 yaml-syntax: explicit YAML tag !!binary is not allowed"],
    ["service: !!str 5\n", "1:16 yaml-syntax: explicit YAML tag !!str is not allowed"],
    ["owners: !!set {a}\n", "1:15 yaml-syntax: explicit YAML tag !!set is not allowed"],
    ["owners: !!seq [a]\n", "1:15 yaml-syntax: explicit YAML tag !!seq is not allowed"],
  ])("rejects the standard tags too, which change what a value is: %j", (text, expected) => {
    expect(problems(text)).toEqual([expected]);
    expect(parseYamlFile("scopes/x.yaml", text).data).toBeUndefined();
  });

  it("reads untagged values without a tag problem", () => {
    expect(problems("service: 5\nowners: [a]\nx: {y: true}\nz: '5'\n")).toEqual([]);
  });

  it("expands no alias, so an alias bomb costs nothing", () => {
    const levels = Array.from({ length: 12 }, (_, i) =>
      i === 0
        ? `l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]`
        : `l${i}: &l${i} [${Array(10)
            .fill(`*l${i - 1}`)
            .join(",")}]`,
    );
    // Expanding this bomb would take 10^12 nodes: returning at all shows that nothing was expanded.
    const result = parseYamlFile("scopes/bomb.yaml", levels.join("\n") + "\n");
    expect(result.data).toBeUndefined();
    expect(result.problems.map((p) => p.rule)).toEqual(["yaml-anchor"]);
    expect(result.problems[0].message).toBe("YAML anchors and aliases are not allowed (found &l0 and 121 more)");
  });
});

describe("secrets", () => {
  const client = (credentials: string) => ({
    path: "clients/app.yaml",
    text: `clientId: app
name: App
owners: ["@example/app"]
type: confidential
environments:
  development: {}
${credentials}
`,
  });

  it.each([
    [
      "a secret field",
      "credentials:\n  kubernetes: { namespace: app, secretName: app-oidc }\n  secret: Zq8-SUPER-SECRET",
    ],
    ["a secret in place of credentials", "credentials: Zq8-SUPER-SECRET"],
    [
      "a secret in a wrongly typed rotation",
      "credentials:\n  kubernetes: { namespace: app, secretName: app-oidc }\n  rotation: Zq8-SUPER-SECRET",
    ],
    [
      "a password at the top",
      "password: Zq8-SUPER-SECRET\ncredentials:\n  kubernetes: { namespace: app, secretName: app-oidc }",
    ],
  ])("%s is reported without its value", (_, credentials) => {
    const { problems } = validateTexts([client(credentials)]);
    expect(problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(problems)).not.toContain("SUPER-SECRET");
  });

  it("names the field that holds a secret", () => {
    const { problems } = loadRegistry([client("password: Zq8-SUPER-SECRET")]);
    expect(problems.map((p) => [p.rule, p.message])).toContainEqual([
      "secret-in-yaml",
      "password looks like a secret; secrets never belong in the registry (value not shown)",
    ]);
  });
});

describe("a file that fails to load", () => {
  it("does not make every reference to its scopes and client an error elsewhere", () => {
    const { problems } = validateTexts([
      {
        path: "scopes/shop.yaml",
        text: 'service: Shop\nnamespace: https://shop.example/\nowners: ["@example/shop"]\nscopes:\n  - id: read\n    summary: Read\n    availability: [everywhere]\n',
      },
      {
        path: "clients/web.yaml",
        text: 'clientId: web\nname: Web\nowners: ["@example/shop"]\ntype: public\nscopes:\n  default: [https://shop.example/read]\nenvironments:\n  development: {}\n',
      },
    ]);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.rule}`)).toEqual([
      "scopes/shop.yaml:7:20 unknown-environment",
    ]);
  });
});
