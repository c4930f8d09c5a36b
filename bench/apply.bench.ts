/**
 * Benchmark of applying the registry with the real Pulumi engine (not a test): synthetic registries
 * (bench/synthetic.ts, 10 scopes per file, a client per 5 scopes) provisioned into the local Keycloak's
 * test realm from a throwaway stack on a file backend, then destroyed. Prints, per size: resources,
 * first `up`, `preview` without refresh, `preview` (which refreshes: Pulumi.yaml options.refresh),
 * `up --refresh` with nothing to change, an `up` after one scope's summary is edited, and where the
 * first `up` goes: the program's own evaluation (the same program and registry under mocks, in-process,
 * as `npm run bench:program` measures it) and the engine with the providers and Keycloak; and where a
 * second one-edit `up` goes (bench/where-time-goes.ts): its phases from the engine's trace and the CPU
 * seconds of each process, the engine, the program, each provider and Keycloak.
 *
 *   bash scripts/keycloak.sh up && npm run bench:apply            # 50 and 200 scopes
 *   npm run bench:apply -- 200                                      # one size
 *   SCOPE_REGISTRY_BENCH_ENV=PULUMI_SKIP_CHECKPOINTS=false npm run bench:apply -- 200
 *                                                                   # the same with an engine setting
 *
 * Needs the Pulumi engine and the keycloak and random provider plugins (see toolchain/README.md) and a
 * running local Keycloak; says which is missing and exits 2 otherwise. Uses the e2e realm and its
 * `pulumi` service account: do not run it while the e2e suite runs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { engineDir, enginePath, keycloakEnv, PROJECT_ROOT, Workspace } from "../e2e/harness";
import { writeSyntheticRegistry } from "./synthetic";
import { cpuByRole, cpuTicks, phasesOf, type Phase } from "./where-time-goes";

const SCOPES_PER_FILE = 10;
const SCOPES_PER_CLIENT = 5;

interface Row {
  readonly scopes: number;
  readonly clients: number;
  readonly resources: number;
  readonly seconds: Record<string, number>;
  /** A second one-edit `up`, traced: its phases and the CPU seconds of each process. */
  readonly breakdown: { readonly phases: Phase[]; readonly cpu: Map<string, number> };
}

function missingEngineParts(): string[] {
  const result = spawnSync(
    "bash",
    ["-c", `source scripts/lib.sh && missing_engine_parts ${JSON.stringify(engineDir())}`],
    {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    },
  );
  return result.stdout.split("\n").filter(Boolean);
}

function keycloakReady(): boolean {
  return spawnSync("bash", [join(PROJECT_ROOT, "scripts", "keycloak.sh"), "status"], { stdio: "ignore" }).status === 0;
}

/** Extra environment for the engine, from SCOPE_REGISTRY_BENCH_ENV (`NAME=value,NAME=value`). */
function extraEnvironment(): Record<string, string> {
  const spec = process.env.SCOPE_REGISTRY_BENCH_ENV ?? "";
  return Object.fromEntries(
    spec
      .split(",")
      .filter((pair) => pair.includes("="))
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
}

function timed(label: string, seconds: Record<string, number>, run: () => void): void {
  const start = performance.now();
  run();
  seconds[label] = (performance.now() - start) / 1000;
  process.stderr.write(`  ${label}: ${seconds[label].toFixed(1)} s\n`);
}

/** The program alone, under mocks, in a child process: what the first `up` spends evaluating it. */
function programSeconds(registry: string): number {
  const out = execFileSync(
    process.execPath,
    [
      join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
      join(__dirname, "program.bench.ts"),
      "--registry",
      registry,
    ],
    { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env } },
  );
  const match = /program: ([\d.]+) ms/.exec(out);
  if (match === null) throw new Error(`bench:program printed no time:\n${out}`);
  return Number(match[1]) / 1000;
}

function editSummary(workspace: Workspace, from: string, to: string): void {
  const path = join(workspace.registry, "scopes/service-00000.yaml");
  writeFileSync(
    path,
    readFileSync(path, "utf8").replace(`Permission to ${from} resource 0 `, `Permission to ${to} resource 0 `),
  );
}

/** The same one-edit `up` again, with the engine's trace and the processes' CPU sampled. */
async function tracedEdit(workspace: Workspace): Promise<Row["breakdown"]> {
  editSummary(workspace, "change", "alter");
  const trace = join(workspace.dir, "edit-trace.json");
  const child = workspace.start(["up", "--yes", "--skip-preview", "--otel-traces", `file://${trace}`]);
  child.stdout?.resume();
  child.stderr?.resume();
  const cpu = await cpuByRole(child);
  if (child.exitCode !== 0) throw new Error(`the traced up failed (exit ${child.exitCode})`);
  return { phases: phasesOf(trace), cpu };
}

async function measure(scopes: number, extra: Record<string, string>): Promise<Row> {
  const clients = Math.max(1, Math.round(scopes / SCOPES_PER_CLIENT));
  const synthetic = writeSyntheticRegistry({
    files: Math.ceil(scopes / SCOPES_PER_FILE),
    scopesPerFile: SCOPES_PER_FILE,
    clients,
  });
  const workspace = new Workspace(enginePath(), [synthetic], extra);
  const seconds: Record<string, number> = {};
  process.stderr.write(`${scopes} scopes, ${clients} clients:\n`);
  let provisioned = false;
  try {
    workspace.init(keycloakEnv());
    provisioned = true;
    // Development: every synthetic scope is available there (production has a third of them).
    workspace.setEnvironment("development");
    timed("first up", seconds, () => workspace.pulumi(["up", "--yes", "--skip-preview", "--refresh=false"]));
    const resources =
      (JSON.parse(workspace.pulumi(["stack", "export"]).stdout) as { deployment: { resources?: unknown[] } }).deployment
        .resources?.length ?? 0;
    timed("preview, no refresh", seconds, () =>
      workspace.pulumi(["preview", "--refresh=false", "--expect-no-changes"]),
    );
    timed("preview (refreshes)", seconds, () => workspace.pulumi(["preview", "--expect-no-changes"]));
    timed("up --refresh, no change", seconds, () => workspace.pulumi(["up", "--yes", "--skip-preview", "--refresh"]));
    editSummary(workspace, "write", "change");
    timed("up, one summary edited", seconds, () => workspace.pulumi(["up", "--yes", "--skip-preview"]));
    const breakdown = await tracedEdit(workspace);
    seconds["program under mocks"] = programSeconds(workspace.registry);
    timed("destroy", seconds, () => workspace.pulumi(["destroy", "--yes", "--skip-preview", "--refresh=false"]));
    provisioned = false;
    return { scopes, clients, resources, seconds, breakdown };
  } finally {
    // A step that failed must not leave its objects in the shared test realm: the next run's first up
    // would fail to create them (409).
    if (provisioned) workspace.pulumi(["destroy", "--yes", "--skip-preview", "--refresh"], { allowFailure: true });
    workspace.dispose();
    rmSync(synthetic, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const missing = missingEngineParts();
  if (missing.length > 0) {
    process.stderr.write(
      `bench:apply needs the Pulumi engine; missing: ${missing.join(", ")} (see toolchain/README.md)\n`,
    );
    return 2;
  }
  if (!keycloakReady()) {
    process.stderr.write("bench:apply needs the local Keycloak: run bash scripts/keycloak.sh up first\n");
    return 2;
  }
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  // The harness's own setting first (e2e/harness.ts skips intermediate checkpoints), so that the
  // figures say what they were measured with; SCOPE_REGISTRY_BENCH_ENV overrides it.
  const extra = { PULUMI_SKIP_CHECKPOINTS: "true", ...extraEnvironment() };
  const rows: Row[] = [];
  const ticksBefore = cpuTicks();
  for (const size of sizes.length > 0 ? sizes : [50, 200]) rows.push(await measure(size, extra));
  const ticksAfter = cpuTicks();
  const labels = Object.keys(rows[0].seconds);
  const settings =
    Object.entries(extra)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ") || "defaults";
  const stolen = (100 * (ticksAfter.stolen - ticksBefore.stolen)) / Math.max(1, ticksAfter.total - ticksBefore.total);
  console.log(`bench:apply (${settings}), seconds`);
  // On a virtual machine the hypervisor may run others on "our" cores: wall-clock figures from a run
  // with much stolen time are slower than the code; the CPU seconds per process are not affected.
  console.log(`CPU time stolen by the hypervisor during the run: ${stolen.toFixed(0)}%`);
  console.log(["scopes", "clients", "resources", ...labels].join(" | "));
  for (const row of rows) {
    console.log([row.scopes, row.clients, row.resources, ...labels.map((l) => row.seconds[l].toFixed(1))].join(" | "));
  }
  for (const row of rows) {
    const first = row.seconds["first up"];
    const program = row.seconds["program under mocks"];
    console.log(
      `${row.scopes} scopes: first up ${first.toFixed(1)} s = program ${program.toFixed(1)} s (${((100 * program) / first).toFixed(0)}%) + engine, providers and Keycloak ${(first - program).toFixed(1)} s; ${((first / row.resources) * 1000).toFixed(0)} ms per resource`,
    );
  }
  for (const row of rows) {
    console.log(`${row.scopes} scopes, a second one-edit up, traced (--otel-traces) and sampled from /proc:`);
    for (const phase of row.breakdown.phases) console.log(`  ${phase.label}: ${phase.seconds.toFixed(1)} s`);
    const cpu = [...row.breakdown.cpu].sort((a, b) => b[1] - a[1]);
    const total = cpu.reduce((sum, [, s]) => sum + s, 0);
    console.log(`  CPU seconds (${total.toFixed(1)} in all, on ${availableParallelism()} cores):`);
    for (const [who, s] of cpu) console.log(`    ${who}: ${s.toFixed(1)}`);
  }
  if (rows.length > 1) {
    const [small, large] = [rows[0], rows[rows.length - 1]];
    console.log(
      `ratio ${large.scopes}/${small.scopes} scopes: resources ${(large.resources / small.resources).toFixed(1)}×, first up ${(large.seconds["first up"] / small.seconds["first up"]).toFixed(1)}×`,
    );
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench:apply failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
