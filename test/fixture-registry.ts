/**
 * The fixture registry the tests read: a copy of the example registry as it was transcribed, kept
 * under test/ so that replacing the repository's own scopes/, clients/ and registry.yaml with an
 * organisation's real registry leaves the tests green. Its docs/scopes.md and .github/CODEOWNERS are
 * generated from it (`npm run registry -- docs --dir test/fixtures/registry`; `codeowners` with
 * `--repo-root test/fixtures/registry` as well, since inside this repository the repository root would be
 * this one).
 */
import { join } from "node:path";

export const FIXTURE_REGISTRY = join(__dirname, "fixtures", "registry");
