//go:build tools

// Wrapper module for the Node.js language host (pulumi-language-nodejs).
//
// Since mid-2023 the language host lives in its own module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which
// has no tags and which the Go module proxy reachable here does not serve at
// any pseudo-version we tried. sdk/v3 v3.68.0 is the last sdk release that
// still contains the language host as a package of the sdk module, and it is
// served, so we build that. It works with the current CLI and the
// @pulumi/pulumi 3.248 Node SDK for `pulumi up` (checked with a component
// resource, stack outputs and a dynamic provider); newer language-host RPCs
// (e.g. GetRequiredPackages, Pack, Link) are not implemented by it.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
