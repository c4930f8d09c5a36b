/**
 * Where an engine operation's time goes, for bench:apply (Linux only, not a test): the CPU seconds of
 * each process `pulumi` starts (the engine, the language host, the program, each provider plugin) and of
 * the local Keycloak, sampled from /proc while the operation runs; and its phases, from the engine's
 * own OpenTelemetry trace (`pulumi --otel-traces file://...`).
 *
 * On two shared cores the engine, the program, the providers and Keycloak compete for the same CPU, so
 * a wall-clock phase says little on its own: the CPU table says who spends it.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

interface ProcessSample {
  readonly ppid: number;
  readonly ticks: number;
}

function readProcess(pid: number): ProcessSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: the fields that follow start after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // exited between the directory listing and the read
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** What a process under `pulumi` is, by its command line. */
function role(command: string): string {
  if (command.includes("pulumi-resource-keycloak")) return "keycloak provider plugin";
  if (command.includes("pulumi-resource-random")) return "random provider plugin";
  if (command.includes("pulumi-resource-kubernetes")) return "kubernetes provider plugin";
  if (command.includes("pulumi-language-nodejs")) return "language host";
  if (command.includes("@pulumi/pulumi/cmd/run")) return "program (node)";
  if (/(^|\/)pulumi( |$)/.test(command)) return "engine (pulumi CLI)";
  return "other";
}

function keycloakPid(): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const command = commandLine(Number(entry));
    if (command.includes("java") && command.includes("keycloak") && command.includes("quarkus")) return Number(entry);
  }
  return null;
}

/**
 * Samples the CPU time of `child`'s process tree every `intervalMs` until it exits. A process's last
 * sample counts, so a process that lives shorter than one interval is missed, and the last interval
 * of each is: the figures are lower bounds.
 */
export async function cpuByRole(child: ChildProcess, intervalMs = 200): Promise<Map<string, number>> {
  const last = new Map<number, { role: string; ticks: number }>();
  const kcPid = keycloakPid();
  const kcStart = kcPid === null ? null : readProcess(kcPid)?.ticks;
  const sample = () => {
    const rootPid = child.pid;
    if (rootPid === undefined) return;
    const all = new Map<number, ProcessSample>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const s = readProcess(Number(entry));
      if (s !== null) all.set(Number(entry), s);
    }
    const inTree = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 16; p = all.get(p)?.ppid ?? 0, hops++) if (p === rootPid) return true;
      return false;
    };
    for (const [pid, s] of all) {
      if (!inTree(pid)) continue;
      const known = last.get(pid);
      last.set(pid, { role: known?.role ?? role(commandLine(pid)), ticks: s.ticks });
    }
  };
  const timer = setInterval(sample, intervalMs);
  await new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", () => resolve());
  });
  clearInterval(timer);
  const seconds = new Map<string, number>();
  for (const { role: r, ticks } of last.values()) seconds.set(r, (seconds.get(r) ?? 0) + ticks / TICKS_PER_SECOND);
  if (kcPid !== null && kcStart !== undefined && kcStart !== null) {
    const end = readProcess(kcPid)?.ticks ?? kcStart;
    seconds.set("Keycloak (JVM)", (end - kcStart) / TICKS_PER_SECOND);
  }
  return seconds;
}

/** The machine's CPU ticks so far, all and stolen (by the hypervisor, from this virtual machine). */
export function cpuTicks(): { readonly total: number; readonly stolen: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
  return { total, stolen: fields[7] ?? 0 };
}

interface Span {
  readonly service: string;
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

function readSpans(path: string): Span[] {
  const spans: Span[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const batch = JSON.parse(line) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue?: string } }[] };
        scopeSpans: { spans: { name: string; startTimeUnixNano: string; endTimeUnixNano: string }[] }[];
      }[];
    };
    for (const rs of batch.resourceSpans) {
      const service = rs.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ?? "";
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) {
          spans.push({
            service,
            name: s.name,
            start: Number(BigInt(s.startTimeUnixNano) / 1000n) / 1e6,
            end: Number(BigInt(s.endTimeUnixNano) / 1000n) / 1e6,
          });
        }
      }
    }
  }
  return spans;
}

export interface Phase {
  readonly label: string;
  readonly seconds: number;
}

/**
 * The phases of an `up` from its trace: the refresh (the providers' reads), the program's evaluation
 * until its first resource reaches a provider, and the engine's steps over the registered resources
 * (Check and Diff per resource, then the changes).
 */
export function phasesOf(tracePath: string): Phase[] {
  const spans = readSpans(tracePath).filter((s) => s.service === "pulumi-cli");
  if (spans.length === 0) return [];
  const t0 = Math.min(...spans.map((s) => s.start));
  const t1 = Math.max(...spans.map((s) => s.end));
  const named = (name: string) => spans.filter((s) => s.name === name);
  const reads = named("pulumirpc.ResourceProvider/Read");
  const run = named("pulumirpc.LanguageRuntime/Run")[0];
  const checks = named("pulumirpc.ResourceProvider/Check");
  const phases: Phase[] = [];
  const refreshEnd = reads.length > 0 ? Math.max(...reads.map((s) => s.end)) : t0;
  phases.push({
    label: "start-up (plugins, state)",
    seconds: (reads.length > 0 ? Math.min(...reads.map((s) => s.start)) : (run?.start ?? t0)) - t0,
  });
  if (reads.length > 0)
    phases.push({
      label: `refresh (${reads.length} reads)`,
      seconds: refreshEnd - Math.min(...reads.map((s) => s.start)),
    });
  if (run !== undefined && checks.length > 0) {
    const firstCheck = Math.min(...checks.map((s) => s.start));
    phases.push({
      label: "program evaluation until its first resource reaches a provider",
      seconds: firstCheck - run.start,
    });
    phases.push({
      label: `resource steps (${checks.length} checks and diffs, then the changes)`,
      seconds: run.end - firstCheck,
    });
  }
  phases.push({ label: "wall clock of the traced operation", seconds: t1 - t0 });
  return phases;
}
