/**
 * The service domains named in the seed documents (000–004): the kinds of need a resident can
 * have and the kinds of service a provider can be bought for.
 */
export const DOMAINS = [
  'elderCare', // 居家养老 (003: Xitun elder-care purchase)
  'childrenYouth', // 青少年 (000, 004)
  'disability', // 残障康复 (000)
  'assistance', // 低保、救助 (000, 002)
  'family', // 婚姻家庭 (000)
  'mentalHealth', // 心理健康 (000)
  'correction', // 社区矫正 (000)
  'employment', // 就业 (000)
  'mediation', // 纠纷调解 (004, fifth article)
  'environment', // 社区环境、清洁、楼院管理 (003: adverts cleaning, abandoned buildings)
  'culture', // 文化娱乐 (003: 17 culture/recreation organizations)
] as const;

export type Domain = (typeof DOMAINS)[number];
export const DOMAIN_COUNT = DOMAINS.length;

/**
 * Families of domains a provider can work across (assumption): a social-work organization takes
 * any casework domain (Guangzhou's family centres integrate them, 000), while cleaning and
 * culture are trades of their own. Outside its main domain a provider delivers lower quality.
 */
export const DOMAIN_FAMILY: readonly number[] = DOMAINS.map((d) => (d === 'environment' ? 1 : d === 'culture' ? 2 : 0));


export function sameFamily(a: number, b: number): boolean {
  return DOMAIN_FAMILY[a] === DOMAIN_FAMILY[b];
}

export function domainIndex(name: Domain): number {
  return DOMAINS.indexOf(name);
}

/** Per-domain defaults. All are assumptions except where a source is given. */
export interface DomainDefaults {
  /** Monthly probability that a resident develops a need in this domain. */
  needRate: number;
  /** Needs one full-time worker can serve a month. */
  unitsPerWorker: number;
  /** Fee a resident pays an organization per served need (yuan); 0 = free service. */
  feePerUnit: number;
}

export const DOMAIN_DEFAULTS: Record<Domain, DomainDefaults> = {
  // Xitun: 62 elders served at 200 yuan a month each (003) → unit cost ≈ 200 at local wages.
  elderCare: { needRate: 0.006, unitsPerWorker: 16, feePerUnit: 0 },
  childrenYouth: { needRate: 0.005, unitsPerWorker: 25, feePerUnit: 0 },
  disability: { needRate: 0.002, unitsPerWorker: 12, feePerUnit: 0 },
  assistance: { needRate: 0.003, unitsPerWorker: 20, feePerUnit: 0 },
  family: { needRate: 0.003, unitsPerWorker: 15, feePerUnit: 0 },
  mentalHealth: { needRate: 0.002, unitsPerWorker: 12, feePerUnit: 0 },
  correction: { needRate: 0.0005, unitsPerWorker: 10, feePerUnit: 0 },
  employment: { needRate: 0.003, unitsPerWorker: 30, feePerUnit: 0 },
  mediation: { needRate: 0.003, unitsPerWorker: 25, feePerUnit: 0 },
  // Xitun building management charged 120 → 200 → market rate (003): a fee-paying domain.
  environment: { needRate: 0.006, unitsPerWorker: 40, feePerUnit: 10 },
  culture: { needRate: 0.008, unitsPerWorker: 60, feePerUnit: 0 },
};

/** Index of a community × domain cell. */
export function cellIndex(community: number, domain: number): number {
  return community * DOMAIN_COUNT + domain;
}

/** Index of a street × domain purchase line. */
export function lineIndex(street: number, domain: number): number {
  return street * DOMAIN_COUNT + domain;
}
