//go:build tools

// Wrapper module for the Pulumi CLI. It requires pkg/v3 and sdk/v3 at the same
// release and repeats pkg/v3's non-local replace directives, so that
// `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` works from this
// directory (scripts/toolchain.sh does that). `go install pkg@version` does
// not, because the module carries replace directives.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
