/** One expected problem of a must-fail fixture, as rules.test.ts compares it. */
export interface Expected {
  readonly at: string;
  readonly severity: "error" | "warning";
  readonly rule: string;
  readonly message: string;
  readonly fix: string;
}
