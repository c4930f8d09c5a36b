/**
 * Benchmark of the Pulumi program under mocks (not a test): synthetic registries of 1,000 and 10,000
 * scopes (10 per file) with a client per 5 scopes, each run in its own child process so that the peak
 * memory of one size does not hide in the other's. Prints time, peak RSS and heap, and the ratio of
 * the large run to the small one (target: 10× the registry in at most 11× the time).
 *
 *   npm run bench:program                          # both sizes
 *   npm run bench:program -- 1000                  # one size
 *   npm run bench:program -- --stack-trace-limit 0 # the same, with V8 stack capture off in the child
 *   npm run bench:program -- --write 1000          # only write a registry and print its path
 *   npm run bench:program -- --registry <dir>      # the program alone on that registry
 *
 * The timed part is what `pulumi up` runs in the program: config parsing, loading and validating the
 * registry, planning, and registering every resource until the last registration reaches the (mock)
 * engine. Writing the synthetic registry is not timed. The registry part alone (load, validate, plan)
 * is also timed, in the parent, to separate the registry core's share from the Pulumi SDK's.
 *
 * The children run with the Node flags `pulumi up` gives the program (Pulumi.yaml, runtime.options.
 * nodeargs: a larger heap and young generation). With Node 20's default heap limit (about 4 GiB on a
 * 24 GiB machine) the 10,000-scope run (about 30,000 resources, 3 to 4 GiB of Pulumi SDK objects)
 * spends much of its time in the garbage collector near the limit: measured on 2 shared cores, 15.4×
 * the 1,000-scope time with the default heap, 10.6× with those flags.
 *
 * `--stack-trace-limit` is diagnostic: the Pulumi SDK captures `new Error().stack` for every promise
 * it creates (runtime/debuggable.js) and keeps it for the program's life, so stack capture and the
 * garbage collector's work on those strings are a large part of the per-resource cost.
 */
import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { planForStack } from "../components/stack-plan";

const SCOPES_PER_FILE = 10;
const SCOPES_PER_CLIENT = 5;
const ENVIRONMENTS = "[development, staging, production]";

interface Measurement {
  readonly scopes: number;
  /** Load, validate and plan only, measured in the parent. */
  registryMilliseconds?: number;
  readonly files: number;
  readonly clients: number;
  readonly resources: number;
  readonly milliseconds: number;
  readonly peakRssMiB: number;
  readonly peakHeapMiB: number;
}

const pad = (n: number, width = 5) => String(n).padStart(width, "0");

/** A valid registry by construction: every audience names a client, every claim name is unique. */
function writeRegistry(scopeCount: number): { root: string; files: number; clients: number } {
  const files = scopeCount / SCOPES_PER_FILE;
  const clients = scopeCount / SCOPES_PER_CLIENT;
  const root = mkdtempSync(join(tmpdir(), "scope-registry-program-bench-"));
  mkdirSync(join(root, "scopes"));
  mkdirSync(join(root, "clients"));
  const names: string[] = [];
  for (let f = 0; f < files; f++) {
    const service = `service-${pad(f)}`;
    const lines = [
      `service: Service ${f}`,
      `namespace: https://${service}.example.org/oidc/`,
      `owners: ["@example/team-${f % 50}"]`,
      "scopes:",
    ];
    for (let s = 0; s < SCOPES_PER_FILE; s++) {
      const id = `resource-${s}.write`;
      names.push(`https://${service}.example.org/oidc/${id}`);
      lines.push(
        `  - id: ${id}`,
        `    summary: Write resource ${s} of service ${f}`,
        `    availability: ${ENVIRONMENTS}`,
      );
      // Half the scopes are API scopes with an audience (a bearer-only resource server), half
      // release a claim: the mix of mappers the example registry has.
      if (s % 2 === 0) lines.push(`    audience: api-${pad(f % Math.max(1, clients / 4))}`);
      else
        lines.push(
          "    claims:",
          `      - name: ${service}-level-${s}`,
          "        from: attribute",
          `        attribute: level${s}`,
          "        multivalued: true",
        );
    }
    writeFileSync(join(root, "scopes", `${service}.yaml`), lines.join("\n") + "\n");
  }
  for (let c = 0; c < clients; c++) {
    // Every fourth client is a bearer-only resource server (the audiences above); the rest alternate
    // between confidential web applications (with delivered credentials) and public apps.
    const bearer = c < clients / 4;
    const clientId = bearer ? `api-${pad(c)}` : `client-${pad(c)}`;
    const confidential = !bearer && c % 2 === 0;
    const pick = (k: number) => names[(c * 7 + k * 13) % names.length];
    const lines = [`clientId: ${clientId}`, `name: Client ${c}`, `owners: ["@example/team-${c % 50}"]`];
    if (bearer)
      lines.push("type: bearer-only", "environments:", "  development: {}", "  staging: {}", "  production: {}");
    else {
      lines.push(
        `type: ${confidential ? "confidential" : "public"}`,
        "flows: [authorization_code, refresh_token]",
        "scopes:",
        `  default: [openid, profile, ${pick(0)}, ${pick(1)}]`,
        `  optional: [${pick(2)}, ${pick(3)}, ${pick(4)}]`,
        "environments:",
        ...["development", "staging", "production"].flatMap((e) => [
          `  ${e}:`,
          `    redirectUris: [https://${clientId}.${e}.example.org/callback]`,
        ]),
      );
      if (confidential)
        lines.push("credentials:", `  kubernetes: { namespace: ns-${c % 20}, secretName: ${clientId}-oidc }`);
    }
    writeFileSync(join(root, "clients", `${clientId}.yaml`), lines.join("\n") + "\n");
  }
  return { root, files, clients };
}

/** In the child: run index.ts once under mocks on the registry at `root`, and measure it. */
async function measure(scopes: number, root: string, files: number, clients: number): Promise<Measurement> {
  let resources = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources++;
        return {
          id: `${args.name}-id`,
          state: args.type.endsWith("RandomPassword") ? { ...args.inputs, result: "x".repeat(48) } : args.inputs,
        };
      },
      call: (args) => {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    "scope-registry",
    "dev",
    false,
  );
  pulumi.runtime.setAllConfig(
    {
      "scope-registry:environment": "development",
      "scope-registry:keycloakUrl": "https://id.dev.example.org",
      "scope-registry:keycloakRealm": "example",
      "scope-registry:keycloakClientId": "provisioner",
      "scope-registry:keycloakClientSecret": "bench",
      "scope-registry:deliverCredentials": "true",
      "scope-registry:kubernetesContext": "bench",
    },
    ["scope-registry:keycloakClientSecret"],
  );
  process.env["SCOPE_REGISTRY_DIR"] = root;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 20);
  const start = performance.now();
  await import(resolve(__dirname, "..", "index"));
  // Registration is mostly synchronous, so the timer rarely fires during it: sample at its end too.
  sample();
  await pulumi.runtime.disconnect();
  const milliseconds = performance.now() - start;
  clearInterval(sampler);
  sample();
  // maxRSS is in kilobytes (Node's process.resourceUsage).
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const MiB = 1024 * 1024;
  return { scopes, files, clients, resources, milliseconds, peakRssMiB: peakRss / MiB, peakHeapMiB: peakHeap / MiB };
}

/**
 * Measures the program in a child process on a synthetic registry of `scopes` scopes, or on the
 * registry at `existing` (left in place; sizes reported as 0).
 */
function runChild(scopes: number, stackTraceLimit: string | undefined, existing?: string): Promise<Measurement> {
  const { root, files, clients } =
    existing === undefined ? writeRegistry(scopes) : { root: existing, files: 0, clients: 0 };
  const start = performance.now();
  planForStack(root, "development");
  const registryMilliseconds = performance.now() - start;
  return new Promise((resolvePromise, reject) => {
    // fork inherits execArgv, so the child runs under the same TypeScript loader (tsx).
    const args = ["--child", String(scopes), root, String(files), String(clients), stackTraceLimit ?? ""];
    const child = fork(__filename, args, {
      stdio: ["inherit", "inherit", "pipe", "ipc"],
      execArgv: [...process.execArgv, ...programNodeArgs()],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("message", (m) => resolvePromise({ ...(m as Measurement), registryMilliseconds }));
    child.on("exit", (code) => {
      if (existing === undefined) rmSync(root, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`child for ${scopes} scopes exited with ${code}\n${stderr.slice(-4000)}`));
    });
  });
}

/** The Node flags `pulumi up` runs the program with: Pulumi.yaml's runtime.options.nodeargs. */
function programNodeArgs(): string[] {
  const project = parse(readFileSync(resolve(__dirname, "..", "Pulumi.yaml"), "utf8")) as {
    runtime?: { options?: { nodeargs?: string } };
  };
  return (project.runtime?.options?.nodeargs ?? "").split(" ").filter(Boolean);
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === "--write") {
    // Leaves a synthetic registry on disk and prints its path, for profiling by hand.
    console.log(writeRegistry(Number(rest[0])).root);
    return;
  }
  if (mode === "--registry") {
    // The program on a registry of one's own (bench:apply uses it to split a real up's time).
    const m = await runChild(0, undefined, rest[0]);
    console.log(`program: ${m.milliseconds.toFixed(0)} ms for ${m.resources} resources`);
    return;
  }
  if (mode === "--child") {
    const [scopes, root, files, clients, stackTraceLimit] = rest;
    if (stackTraceLimit) Error.stackTraceLimit = Number(stackTraceLimit);
    const result = await measure(Number(scopes), root, Number(files), Number(clients));
    process.send!(result, () => process.exit(0));
    return;
  }
  const limitAt = process.argv.indexOf("--stack-trace-limit");
  const stackTraceLimit = limitAt >= 0 ? process.argv[limitAt + 1] : undefined;
  const size = process.argv.slice(2).find((a, i, all) => /^\d+$/.test(a) && all[i - 1] !== "--stack-trace-limit");
  const sizes = size !== undefined ? [Number(size)] : [1_000, 10_000];
  if (stackTraceLimit !== undefined) console.log(`Error.stackTraceLimit = ${stackTraceLimit} in the program's process`);
  const results: Measurement[] = [];
  for (const size of sizes) {
    const m = await runChild(size, stackTraceLimit);
    results.push(m);
    console.log(
      `${String(m.scopes).padStart(6)} scopes in ${String(m.files).padStart(5)} files, ${String(m.clients).padStart(5)} clients: ` +
        `${String(m.resources).padStart(6)} resources in ${(m.milliseconds / 1000).toFixed(2)} s ` +
        `(registry load+validate+plan alone ${((m.registryMilliseconds ?? 0) / 1000).toFixed(2)} s), ` +
        `peak RSS ${m.peakRssMiB.toFixed(0)} MiB, peak heap ${m.peakHeapMiB.toFixed(0)} MiB`,
    );
  }
  if (results.length === 2) {
    const [small, large] = results as [Measurement, Measurement];
    const ratio = large.milliseconds / small.milliseconds;
    const size = large.scopes / small.scopes;
    console.log(
      `ratio: ${size}× the registry took ${ratio.toFixed(2)}× the time (target ≤ ${size + 1}×): ${ratio <= size + 1 ? "met" : "NOT met"}; ` +
        `peak RSS ${(large.peakRssMiB / small.peakRssMiB).toFixed(2)}×`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
