/** Constants written as YAML numbers and booleans reach Keycloak as the canonical text it stores. */
import { describe, expect, it } from "vitest";
import { constantText, typedConstantProblem } from "../../src/registry/claims";

describe("typed constants", () => {
  it("stores numbers and booleans as their canonical text", () => {
    expect(constantText(42)).toBe("42");
    expect(constantText(-9000000000)).toBe("-9000000000");
    expect(constantText(true)).toBe("true");
    expect(constantText("high")).toBe("high");
  });
  it("accepts a YAML value only with its own type", () => {
    expect(typedConstantProblem(42, "integer")).toBeUndefined();
    expect(typedConstantProblem(42, "long")).toBeUndefined();
    expect(typedConstantProblem(true, "boolean")).toBeUndefined();
    expect(typedConstantProblem("42", undefined)).toBeUndefined();
    expect(typedConstantProblem(42, undefined)).toBe("a YAML number");
    expect(typedConstantProblem(true, "integer")).toBe("a YAML boolean");
  });
});
