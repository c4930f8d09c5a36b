/** Trust between teams: what a team may not do with its own files alone. */
import type { Expected } from "./expected";

export const TRUST: Record<string, Expected[]> = {};
