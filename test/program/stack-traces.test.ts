/**
 * useV8StackTraces (index.ts calls it before provisioning): whatever stack hook a transpiler installed
 * is removed, and stacks still carry their frames, which the Pulumi SDK reads for source positions.
 */
import { afterEach, expect, test } from "vitest";
import { useV8StackTraces } from "../../components";

const installed = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
afterEach(() => {
  if (installed === undefined) Reflect.deleteProperty(Error, "prepareStackTrace");
  else Object.defineProperty(Error, "prepareStackTrace", installed);
});

test("a transpiler's stack hook is no longer called, and stacks keep file, line and column per frame", () => {
  let calls = 0;
  Error.prepareStackTrace = (error) => {
    calls += 1;
    return `mapped ${error.message}`;
  };
  expect(new Error("before").stack).toBe("mapped before");

  useV8StackTraces();

  const stack = new Error("after").stack ?? "";
  expect(calls).toBe(1);
  expect(stack.split("\n")[0]).toBe("Error: after");
  expect(stack).toMatch(/\n {4}at .*stack-traces\.test\.ts:\d+:\d+/);
});
