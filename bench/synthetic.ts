/**
 * A synthetic registry for benchmarks: `files` scope files of `scopesPerFile` scopes each (with claims,
 * audiences and mixed availability) and `clients` clients that use them. Valid by construction, so the
 * benchmarks measure the normal path; written to a fresh temporary directory.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const AVAILABILITY = ["[development]", "[development, staging]", "[development, staging, production]"];

export function writeSyntheticRegistry(options: { files: number; scopesPerFile: number; clients: number }): string {
  const root = mkdtempSync(join(tmpdir(), "scope-registry-bench-"));
  mkdirSync(join(root, "scopes"));
  mkdirSync(join(root, "clients"));
  const names: string[] = [];
  for (let f = 0; f < options.files; f++) {
    const service = `service-${String(f).padStart(5, "0")}`;
    const lines = [
      `service: Service ${f}`,
      `namespace: https://${service}.example.org/oidc/`,
      `owners: ["@example/team-${f % 50}"]`,
      `description: Synthetic service number ${f}.`,
      "scopes:",
    ];
    for (let s = 0; s < options.scopesPerFile; s++) {
      const id = `resource-${s}.write`;
      names.push(`https://${service}.example.org/oidc/${id}`);
      lines.push(
        `  - id: ${id}`,
        `    summary: Permission to write resource ${s} of service ${f}`,
        `    availability: ${AVAILABILITY[(f + s) % AVAILABILITY.length]}`,
        `    audience: client-${String(f % options.clients).padStart(5, "0")}`,
        "    claims:",
        `      - name: ${service}-level-${s}`,
        "        from: attribute",
        `        attribute: level${s}`,
        "        multivalued: true",
        "        in: [access_token, userinfo]",
      );
    }
    writeFileSync(join(root, "scopes", `${service}.yaml`), lines.join("\n") + "\n");
  }
  for (let c = 0; c < options.clients; c++) {
    const clientId = `client-${String(c).padStart(5, "0")}`;
    const pick = (k: number) => names[(c * 7 + k * 13) % names.length];
    const lines = [
      `clientId: ${clientId}`,
      `name: Client ${c}`,
      `owners: ["@example/team-${c % 50}"]`,
      "type: confidential",
      "flows: [authorization_code, refresh_token]",
      "scopes:",
      `  default: [openid, profile, email, ${pick(0)}]`,
      `  optional: [${pick(1)}, ${pick(2)}, ${pick(3)}]`,
      "environments:",
      "  development:",
      `    redirectUris: [http://localhost:${3000 + (c % 1000)}/callback]`,
      "  staging:",
      `    redirectUris: [https://${clientId}.stg.example.org/callback]`,
      "  production:",
      `    redirectUris: [https://${clientId}.example.org/callback]`,
      `    webOrigins: [https://${clientId}.example.org]`,
      "credentials:",
      `  kubernetes: { namespace: ns-${c % 100}, secretName: ${clientId}-oidc }`,
    ];
    writeFileSync(join(root, "clients", `${clientId}.yaml`), lines.join("\n") + "\n");
  }
  return root;
}
