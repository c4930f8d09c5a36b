/**
 * V8's own stack formatting while the program registers its resources.
 *
 * The Pulumi SDK records where each resource is declared: every resource constructor captures a full
 * stack (`Resource.callsites`, which raises `Error.stackTraceLimit` to Infinity for it), and every
 * promise the SDK creates captures another (`debuggablePromise`). When Pulumi runs a TypeScript program
 * it first registers its ts-node, whose source-map-support hook (`Error.prepareStackTrace`) maps every
 * frame of every one of those stacks through source maps. The program declares all resources before
 * the engine steps through the first one, so that work delays every preview and up: measured with
 * `npm run bench:apply -- 200` (823 resources), about a third of the program's CPU time.
 *
 * With the hook unset, stacks keep every frame, with positions in the JavaScript that ts-node emitted
 * rather than in the TypeScript source. Registry and configuration problems carry no stack (they are
 * messages with file, line and column), so only an internal error's trace reads differently, and the
 * source positions Pulumi stores for each resource name the emitted lines.
 */
export function useV8StackTraces(): void {
  Reflect.deleteProperty(Error, "prepareStackTrace");
}
