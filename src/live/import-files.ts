/**
 * The registry files `import` writes, as text: deterministic (fields in the README's order, lists
 * sorted, short lists of plain values on one line), each starting with the marker line by which a
 * later import recognises a file it may merge into.
 */
import { Document, isScalar, visit } from "yaml";
import { ENVIRONMENTS, type ClientFile, type ScopeFile } from "../registry";

/** The first line of every file import writes. A file without it is not merged into without --force. */
export const IMPORT_MARKER =
  "# Written by `npm run registry -- import`; a later import merges into it. Review it, then delete this line.";

export function isImportedText(text: string): boolean {
  return text.startsWith(`${IMPORT_MARKER}\n`);
}

const SCOPE_FILE_FIELDS = ["service", "namespace", "owners", "description", "scopes"];
const SCOPE_FIELDS = [
  "id",
  "summary",
  "availability",
  "audience",
  "consentText",
  "includeInTokenScope",
  "restricted",
  "deprecated",
  "claims",
];
const CLAIM_FIELDS = [
  "name",
  "from",
  "attribute",
  "property",
  "client",
  "note",
  "value",
  "prefix",
  "fullPath",
  "multivalued",
  "type",
  "in",
];
const CLIENT_FIELDS = [
  "clientId",
  "name",
  "owners",
  "description",
  "type",
  "flows",
  "consentRequired",
  "scopes",
  "justifications",
  "environments",
  "trustedScopes",
  "fullScopeAllowed",
  "roles",
  "serviceAccount",
  "trustedClients",
  "lifespans",
  "credentials",
];
const ENVIRONMENT_FIELDS = [
  "rootUrl",
  "baseUrl",
  "redirectUris",
  "postLogoutRedirectUris",
  "webOrigins",
  "frontchannelLogoutUrl",
  "backchannelLogoutUrl",
  "consentRequired",
  "credentials",
];

export function scopeFileText(file: ScopeFile): string {
  return render({
    ...ordered(file, SCOPE_FILE_FIELDS),
    scopes: file.scopes.map((scope) => ({
      ...ordered(scope, SCOPE_FIELDS),
      ...(scope.claims !== undefined ? { claims: scope.claims.map((claim) => ordered(claim, CLAIM_FIELDS)) } : {}),
    })),
  });
}

export function clientFileText(file: ClientFile): string {
  const environments = Object.fromEntries(
    ENVIRONMENTS.flatMap((env) => {
      const settings = file.environments[env];
      return settings === undefined ? [] : [[env, ordered(settings, ENVIRONMENT_FIELDS)]];
    }),
  );
  return render({ ...ordered(file, CLIENT_FIELDS), environments });
}

/** The fields of `value` in `order` (absent ones left out). */
function ordered(value: object, order: readonly string[]): Record<string, unknown> {
  const record = value as Record<string, unknown>;
  return Object.fromEntries(order.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]));
}

function render(data: Record<string, unknown>): string {
  const document = new Document(data);
  // A list of plain values that fits on a line is written as one: `availability: [development, staging]`.
  visit(document, {
    Seq(_, node) {
      if (!node.items.every((item) => isScalar(item))) return;
      const width = node.items.reduce((sum, item) => sum + String((item as { value: unknown }).value).length + 2, 0);
      if (width <= 72) node.flow = true;
    },
  });
  return `${IMPORT_MARKER}\n${document.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}
