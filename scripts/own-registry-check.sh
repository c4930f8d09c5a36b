#!/usr/bin/env bash
# "A registry of one's own, not a fork": in a copy of the repository, replace the example registry
# (scopes/, clients/, registry.yaml) with another valid registry, regenerate the catalogue and
# CODEOWNERS as the README's add-a-scope steps say, then run the registry checks and the fast tests.
# Both must pass: no test may depend on the example registry's content.
#
#   bash scripts/own-registry-check.sh [registry-dir]     # default: test/fixtures/import/registry
set -euo pipefail
cd "$(dirname "$0")/.."
source=${1:-test/fixtures/import/registry}
copy=$(mktemp -d "${TMPDIR:-/tmp}/scope-registry-own-XXXXXX")
trap 'rm -rf "$copy"' EXIT

# The committed files, as a fresh clone has them, and the installed packages by link.
git ls-files -z | while IFS= read -r -d '' file; do
  mkdir -p "$copy/$(dirname "$file")"
  cp -P "$file" "$copy/$file"
done
ln -s "$PWD/node_modules" "$copy/node_modules"

rm -rf "$copy/scopes" "$copy/clients" "$copy/registry.yaml"
cp -R "$source/scopes" "$source/clients" "$copy/"
[ -f "$source/registry.yaml" ] && cp "$source/registry.yaml" "$copy/registry.yaml"
echo "registry replaced by $source in a copy of the repository"

cd "$copy"
npm run -s registry -- docs
npm run -s registry -- codeowners
npm run -s registry -- validate
npm run -s registry -- schema --check
npm run -s registry -- docs --check
npm run -s registry -- codeowners --check
npx vitest run
