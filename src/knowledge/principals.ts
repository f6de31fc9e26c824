/** Proton's service principals. */

/** The principal Proton assumes roles as. */
export const PROTON_SERVICE_PRINCIPAL = 'proton.amazonaws.com';

/** Exactly proton.amazonaws.com (any case): the principal that deploys through a role. */
export function isProtonServicePrincipal(principal: string): boolean {
  return principal.toLowerCase() === PROTON_SERVICE_PRINCIPAL;
}

/**
 * proton.amazonaws.com or one of its sub-principals, such as sync.proton.amazonaws.com that
 * service-linked roles (AWSServiceRoleForProtonSync) trust.
 */
export function isProtonPrincipal(principal: string): boolean {
  const p = principal.toLowerCase();
  return p === PROTON_SERVICE_PRINCIPAL || (p.endsWith(`.${PROTON_SERVICE_PRINCIPAL}`) && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.proton\.amazonaws\.com$/.test(p));
}
