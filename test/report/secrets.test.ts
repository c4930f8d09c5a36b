/**
 * Nothing `diff` or `docs` prints can carry a secret. The registry holds none (client secrets are
 * generated and kept as Pulumi secrets), so the reports may name where a secret is delivered and its
 * rotation counter, and nothing more; a secret pasted into a base revision is never echoed either.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURE_REGISTRY } from "../fixture-registry";
import { GitRegistry } from "./git-registry";

/** A credential-shaped value: 24+ letters and digits mixing upper case, lower case and digits. */
const HIGH_ENTROPY = /(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*\d)\b[A-Za-z0-9]{24,}\b/;
const SECRET_ASSIGNMENT = /(client_?secret|password|passwd|api_?key|private_?key|token)\s*[:=]/i;
const PLANTED = "Zq8vR2mXw4Lp9sKt7Bn3Hc6Yd1Fg5Je0";

function expectNoSecret(text: string): void {
  expect(text).not.toMatch(HIGH_ENTROPY);
  expect(text).not.toMatch(SECRET_ASSIGNMENT);
  expect(text).not.toContain("-----BEGIN");
  expect(text).not.toContain(PLANTED);
}

let repo: GitRegistry;
afterEach(() => repo?.dispose());

describe("no secret in the reports", () => {
  it("the patterns catch what they are meant to catch", () => {
    expect(`clientSecret: ${PLANTED}`).toMatch(SECRET_ASSIGNMENT);
    expect(PLANTED).toMatch(HIGH_ENTROPY);
    expect("3d70e55852a2b0c8e3d2f0a1b2c3d4e5f6a7b8c9").not.toMatch(HIGH_ENTROPY);
  });

  it("the committed catalogue", () => {
    expectNoSecret(readFileSync(join(FIXTURE_REGISTRY, "docs", "scopes.md"), "utf8"));
  });

  it("diff of a secret rotation and a moved Secret: namespace, name and rotation only", () => {
    repo = new GitRegistry();
    repo.edit(
      "clients/bodhi.yaml",
      "  kubernetes: { namespace: bodhi, secretName: bodhi-oidc }\n  rotation: 1\n",
      "  kubernetes: { namespace: bodhi-web, secretName: bodhi-oidc }\n  rotation: 2\n",
    );
    const markdown = repo.cli("diff", "--base", "HEAD");
    expect(markdown.code).toBe(1);
    expect(markdown.out.split("\n").filter((l) => l.includes(" production: "))).toEqual([
      "- **BREAKING** production: client `bodhi` delivers its secret to Kubernetes Secret `bodhi-web/bodhi-oidc` instead of `bodhi/bodhi-oidc`: Pulumi deletes the old Secret, and whoever can read Secrets in namespace `bodhi-web` gets the client's credentials",
      "- 🔎 **REVIEW** production: client `bodhi` rotates its secret (rotation 1 → 2): Keycloak stops accepting the old one as soon as the update applies, and the application fails to obtain tokens until it reads the new one from `bodhi-web/bodhi-oidc`",
    ]);
    expectNoSecret(markdown.out);
    expectNoSecret(repo.cli("diff", "--base", "HEAD", "--json").out);
  });

  it("a secret committed in the base is never echoed: that file does not load there", () => {
    repo = new GitRegistry();
    const original = repo.read("clients/odcs-compose-bot.yaml");
    repo.edit("clients/odcs-compose-bot.yaml", "credentials:\n", `clientSecret: ${PLANTED}\ncredentials:\n`);
    repo.commit("oops: a secret");
    repo.write("clients/odcs-compose-bot.yaml", original);
    const markdown = repo.cli("diff", "--base", "HEAD");
    const json = repo.cli("diff", "--base", "HEAD", "--json");
    expect(markdown.code).toBe(0);
    expect(markdown.out).toContain("> The base does not validate (1 error)");
    expect(JSON.parse(json.out).baseErrors).toBe(1);
    expectNoSecret(markdown.out + markdown.err);
    expectNoSecret(json.out + json.err);
  });
});
