/**
 * The client arguments a client gets when its file sets none of the newer fields: full scope off, no
 * application or logout URL, the realm's lifespans ("" clears what the console may have set).
 */
export const UNSET_CLIENT_SETTINGS = {
  fullScopeAllowed: false,
  rootUrl: "",
  baseUrl: "",
  frontchannelLogoutEnabled: false,
  frontchannelLogoutUrl: "",
  backchannelLogoutUrl: "",
  accessTokenLifespan: "",
  clientSessionIdleTimeout: "",
  clientSessionMaxLifespan: "",
} as const;
