/**
 * Benchmark (not a test): `validate` against merely reading and parsing the same YAML, on a synthetic
 * registry of 10,000 scopes in 1,000 files and 2,000 clients. Prints both times and their ratio,
 * measured in one run (the target is a ratio of at most 2). Each figure is the median of several
 * rounds after a warm-up, so the JIT and the file cache favour neither side.
 */
import { rmSync } from "node:fs";
import { parse } from "yaml";
import { validateDir, readRegistryDir, errorsIn } from "../src/registry";
import { writeSyntheticRegistry } from "./synthetic";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const root = writeSyntheticRegistry({ files: 1000, scopesPerFile: 10, clients: 2000 });
try {
  const first = validateDir(root);
  const errors = errorsIn(first.problems);
  if (errors.length > 0) throw new Error(`synthetic registry is invalid: ${errors[0].message}`);
  console.log(
    `registry: ${first.registry.scopes.size} scopes in ${first.registry.scopeFiles.length} files, ${first.registry.clients.size} clients`,
  );

  const parseTimes: number[] = [];
  const validateTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    parseTimes.push(time(() => readRegistryDir(root).texts.forEach(({ text }) => parse(text))));
    validateTimes.push(time(() => validateDir(root)));
  }
  const parseMs = median(parseTimes);
  const validateMs = median(validateTimes);
  console.log(`read + parse YAML: ${parseMs.toFixed(0)} ms (median of ${ROUNDS})`);
  console.log(`validate:          ${validateMs.toFixed(0)} ms (median of ${ROUNDS})`);
  console.log(`ratio validate / parse: ${(validateMs / parseMs).toFixed(2)} (target <= 2)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
