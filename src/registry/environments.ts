/**
 * The environments a registry knows, in promotion order: a scope or client goes live in development
 * first, then staging, then production.
 */
export const ENVIRONMENTS = ["development", "staging", "production"] as const;

export type Environment = (typeof ENVIRONMENTS)[number];

export function isEnvironment(value: string): value is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(value);
}
