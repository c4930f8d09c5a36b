/**
 * The adoption file: which of a stack's resources its next `pulumi up` imports from the realm instead
 * of creating (written by `registry adopt`, read by the program through the stack's `adoptFile`).
 * Shared by both sides, so they agree on its shape and keys.
 */
import { z } from "zod";

export type ImportKind = "client-scope" | "mapper" | "client";

/** The key of one resource in `imports`: its kind and its Pulumi logical name (from the plan). */
export function importKey(kind: ImportKind, logicalName: string): string {
  return `${kind}::${logicalName}`;
}

export const adoptionSchema = z.strictObject({
  /** The realm the ids belong to: the program refuses a file made for another realm. */
  realm: z.string().min(1),
  environment: z.string().min(1),
  /** `<kind>::<logical name>` → the provider's import id (`<realm>/<uuid>`, mappers `<realm>/client-scope/<uuid>/<uuid>`). */
  imports: z.record(z.string(), z.string().min(1)),
  /** Confidential clients that keep the secret Keycloak holds, until their `rotation` is bumped. */
  keptSecrets: z.array(z.string()),
});

export type Adoption = z.infer<typeof adoptionSchema>;
