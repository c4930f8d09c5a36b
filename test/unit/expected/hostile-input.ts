/** Hostile input: files that are not regular files, bytes that are not text, sizes and nesting past the caps. */
import type { Expected } from "./expected";

export const HOSTILE_INPUT: Record<string, Expected[]> = {};
