/** The claim and client model: typed constants. */
import type { Expected } from "./expected";

export const MODEL: Record<string, Expected[]> = {
  // level (42, integer), big (-9000000000, long) and member (true, boolean) are accepted as written.
  "invalid/constant-type-yaml-value": [
    {
      at: "scopes/base.yaml:27:16",
      severity: "error",
      rule: "constant-type",
      message:
        'constant 7 of claim "rank" is a YAML number, but the claim\'s type is string (the default): it would be stored as the text "7"',
      fix: 'quote the value (value: "7") to release it as text, or declare the type it has (type: integer or long, for a whole number)',
    },
    {
      at: "scopes/base.yaml:30:16",
      severity: "error",
      rule: "constant-type",
      message: 'constant 1.5 of claim "ratio" is not a whole number that an integer can hold exactly',
      fix: "write a whole number, or quote the value and change the claim's type",
    },
    {
      at: "scopes/base.yaml:34:16",
      severity: "error",
      rule: "constant-type",
      message:
        'constant false of claim "active" is a YAML boolean, but the claim\'s type is string: it would be stored as the text "false"',
      fix: 'quote the value (value: "false") to release it as text, or declare the type it has (type: boolean)',
    },
  ],
  // The scope collides only with itself: reported once, in its own file, not again on the client.
  "invalid/claim-collision-self": [
    {
      at: "scopes/base.yaml:11:15",
      severity: "error",
      rule: "claim-collision",
      message: 'scope "https://example.org/base/read" releases claim "team" twice (also claims[0])',
      fix: "keep one definition of the claim",
    },
  ],
  // Listed before the built-in scope email, which used to replace its claim without a word.
  "invalid/claim-collision-built-in": [
    {
      at: "clients/app.yaml:7:44",
      severity: "error",
      rule: "claim-collision",
      message:
        'scope "https://example.org/base/read" releases claim "email" as property email (string), which the built-in scope email also releases, with its own mapper',
      fix: 'use only one of the two scopes on this client, or rename the claim in "https://example.org/base/read"',
    },
  ],
};
