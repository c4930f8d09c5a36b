/** How the catalogue describes a claim: what it holds, in words, and where it is placed. */
import { describeDefinition, type PlannedClaim } from "../registry";
import { code, prose } from "./markdown";

/** "The user's group memberships": the page's "Summary" column for a custom UserInfo field. */
export function claimSummary(claim: PlannedClaim): string {
  const s = claim.settings;
  switch (claim.from) {
    case "attribute":
      return `User attribute ${code(String(s["attribute"]))}${claim.multivalued ? ", every value as a list" : ""}`;
    case "property":
      return `The user's ${code(String(s["property"]))}`;
    case "groups":
      return `The groups the user is a member of${s["fullPath"] === true ? ", as full paths" : ""}`;
    case "realm-roles":
      return `The user's realm roles${s["prefix"] ? `, prefixed ${code(String(s["prefix"]))}` : ""}`;
    case "client-roles":
      return `The user's roles on client ${code(String(s["client"]))}${s["prefix"] ? `, prefixed ${code(String(s["prefix"]))}` : ""}`;
    case "constant":
      return `Always ${code(String(s["value"]))}`;
    case "full-name":
      return "The user's full name (given and family name)";
    case "session-note":
      return `Session note ${code(String(s["note"]))}`;
  }
}

/** "`cla`: attribute cla (string, multivalued) in id_token, access_token, userinfo". */
export function claimLine(claim: PlannedClaim): string {
  return `${code(claim.name)}: ${prose(describeDefinition(claim))} in ${claim.in.join(", ")}`;
}
