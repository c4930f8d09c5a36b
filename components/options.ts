/**
 * Resource options per kind of resource, as plain data. Options never reach a mock's inputs, so the
 * decision lives here, tested directly; the components spread the result into each resource's options.
 */

/** The kinds of resources the program registers, by what they are to the registry. */
export type ResourceRole =
  | "client-scope"
  | "protocol-mapper"
  | "client"
  | "client-role"
  | "scope-attachment"
  | "role-grant"
  | "client-secret"
  | "kubernetes-secret";

export interface RoleOptions {
  readonly protect: boolean;
}

/**
 * `protect` guards what applications depend on, client scopes, clients and the roles clients define
 * (deleting a role takes it from every user who holds it), from an accidental deletion when `protect`
 * is on (the production default). Everything else is set to `false`
 * explicitly, because children inherit `protect` from their parent otherwise; and the client secret
 * must stay unprotected, since bumping `rotation` replaces it (a replacement deletes the old one).
 *
 * No `additionalSecretOutputs` here: the SDK classes already declare them for every output that holds
 * a secret (RandomPassword `result`/`bcryptHash`, Client `clientSecret`, Secret `data`/`stringData`),
 * and the program wraps the values it passes on in `pulumi.secret` as well.
 */
export function resourceOptionsFor(role: ResourceRole, policy: { readonly protect: boolean }): RoleOptions {
  switch (role) {
    case "client-scope":
    case "client":
    case "client-role":
      return { protect: policy.protect };
    case "protocol-mapper":
    case "scope-attachment":
    case "role-grant":
    case "client-secret":
    case "kubernetes-secret":
      return { protect: false };
  }
}
