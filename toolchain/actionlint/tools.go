//go:build tools

// Wrapper module for actionlint, the GitHub Actions workflow checker. scripts/toolchain.sh builds
// github.com/rhysd/actionlint/cmd/actionlint from this directory into the tool cache, and
// `npm run lint:workflows` runs it on .github/workflows/.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
