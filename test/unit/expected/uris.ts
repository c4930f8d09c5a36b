/** Redirect URIs and web origins in every environment. */
import type { Expected } from "./expected";

export const URIS: Record<string, Expected[]> = {};
