/**
 * The vocabulary of providers: types, legal statuses, origins and exit causes. A leaf module
 * (no imports) so that schemas and policies can name these without loading agent behaviour.
 */

export const PROVIDER_TYPES = ['socialOrganization', 'enterprise', 'publicInstitution'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** self-organization (自组织) → filed (备案) → registered (民非). Only registered ones may bid. */
export const STATUSES = ['self', 'filed', 'registered'] as const;
export type OrgStatus = (typeof STATUSES)[number];

export const ORIGINS = ['grassroots', 'incubated', 'upgraded', 'introduced', 'affiliated'] as const;
export type Origin = (typeof ORIGINS)[number];

export const EXIT_CAUSES = ['insolvency', 'noContracts', 'noDemand', 'closed', 'withered'] as const;
export type ExitCause = (typeof EXIT_CAUSES)[number];

