/**
 * The words of reports and charts, in English and Chinese. One dictionary per language with
 * the same keys (the Chinese one is typed against the English one, so a missing translation is
 * a compile error); `{name}` placeholders are filled by `t`. Number formats live here too,
 * because they differ by language (万 in Chinese). Classroom prose is in classroom/texts.ts.
 */

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

const EN = {
  // Series columns (series.csv)
  'col.month': 'Month',
  'col.year': 'Year',
  'col.orgs_active': 'Formal organizations',
  'col.orgs_registered': 'Registered (民非)',
  'col.orgs_filed': 'Filed (备案)',
  'col.self_orgs': 'Self-organizations',
  'col.orgs_per_10k': 'Organizations per 10,000 residents',
  'col.org_entries': 'Entries',
  'col.org_exits': 'Exits',
  'col.tenders': 'Tenders',
  'col.bidders_per_tender': 'Bidders per tender',
  'col.failed_tenders': 'Failed tenders',
  'col.terminated_contracts': 'Contracts terminated',
  'col.contract_value_hhi': 'Concentration of contract value (HHI)',
  'col.purchase_share_of_budget': 'Purchase share of budget',
  'col.professional_staff': 'Professional staff',
  'col.resistance_mean': 'Incumbent resistance',
  'col.transfers_blocked': 'Transfers blocked',
  'col.functions_transferred_share': 'Functions transferred',
  'col.insider_contract_share': 'Insiders’ share of contract value',
  'col.needs_met_share': 'Needs met',
  'col.service_quality': 'Service quality',
  'col.satisfaction': 'Resident satisfaction',
  'col.trust_in_orgs': 'Trust in social organizations',
  'col.complaints': 'Complaints',
  'col.cost_ratio_vs_inhouse': 'Cost relative to in-house',
  'col.fiscal_savings': 'Fiscal savings (cumulative)',
  'col.jobs': 'Jobs at providers',
  // Vocabulary
  'cause.insolvency': 'Insolvency',
  'cause.noContracts': 'Lost tenders',
  'cause.noDemand': 'No demand',
  'cause.closed': 'Closed after failed evaluations',
  'cause.withered': 'Withered (unfunded)',
  'origin.grassroots': 'Grassroots',
  'origin.incubated': 'Incubated',
  'origin.upgraded': 'Upgraded self-organization',
  'origin.introduced': 'Introduced from outside',
  'origin.affiliated': 'Government-affiliated (官办)',
  'lever.bidding': 'Competitive bidding',
  'lever.payments': 'Payment terms',
  'lever.incubator': 'Incubator and registration reform',
  'lever.seedFund': 'Seed money and micro-venture package',
  'lever.evaluation': 'Evaluation',
  'lever.compensation': 'Compensation of incumbents',
  'lever.contracts': 'Contract terms',
  'lever.transfer': 'Transfer of functions',
  'lever.training': 'Social-work training',
  'lever.publicity': 'Publicity',
  // Chart titles and notes
  'chart.orgs.title': 'Organizations by status',
  'chart.count': 'Count',
  'chart.share': 'Share',
  'chart.time': 'Year',
  'chart.series': 'Series',
  'chart.oneRun': 'One run (seed {seed})',
  'chart.band': 'Mean of {n} runs; band: 95% confidence interval of the mean',
  'chart.meanOf': 'Mean of {n} runs',
  'chart.survival.origin': 'Survival of formal organizations by origin',
  'chart.survival.cohort': 'Survival of formal organizations by cohort',
  'chart.survival.note': 'Kaplan–Meier estimate from filing or registration; drawn to the end of the run',
  'chart.survival.x': 'Months since filing or registration',
  'chart.survival.y': 'Still active',
  'chart.survival.group.origin': 'Origin',
  'chart.survival.group.cohort': 'Cohort (year formal)',
  'chart.exits.title': 'Exits by cause',
  'chart.exits.y': 'Exits per year',
  'chart.exits.cause': 'Cause',
  'chart.perYear': '{what} per year',
  'chart.compare.title': 'Difference from the status quo',
  'chart.compare.note': 'Mean difference over {n} seeds per option, with 95% confidence intervals (Welch)',
  'chart.compare.x': 'Difference',
  'chart.option': 'Option',
  // Report
  'report.title': 'Simulation report: {name}',
  'report.generated': 'Made by govbuy {version} from {folder}',
  'report.run': 'Seed {seed}, {years} years ({first}–{last}), {months} months.',
  'report.code': 'Code: govbuy {package}, commit {git}{dirty}.',
  'report.dirty': ' (with uncommitted changes)',
  'report.sets': 'Overrides: {sets}',
  'report.none': 'none',
  'report.keyFigures': 'Key figures',
  'report.figure': 'Figure',
  'report.value': 'Value',
  'report.when': 'When',
  'report.atEnd': 'End of {year}',
  'report.overRun': 'Over the run',
  'report.charts': 'Charts',
  'report.market': 'Market growth',
  'report.survival': 'Survival and exits',
  'report.resistance': 'Resistance of incumbents',
  'report.service': 'Service and money',
  'report.exitsByCause': 'Exits by cause',
  'report.cause': 'Cause',
  'report.exits': 'Exits',
  'report.firstYearMortality': 'First-year mortality of formal organizations',
  'report.survivalTable': 'Survival at 1, 2, 3, 5 and 10 years',
  'report.group': 'Group',
  'report.n': 'n',
  'report.median': 'Median (months)',
  'report.exitsNote': 'Exits by cause and year come from re-running the simulation with the manifest’s scenario and seed; the re-run reproduced series.csv exactly.',
  'report.exitsMissing': 'Exits by cause and year are not in the results files and could not be reproduced here ({why}); the totals are in the table above.',
  'report.exitsWhy.mismatch': 'this code gives a different series.csv than the one in the folder',
  'report.exitsWhy.slow': 'the run took too long to repeat',
  'report.exitsWhy.checkpoint': 'the run continued from a checkpoint',
  'report.exitsWhy.failed': 'the re-run failed: {message}',
  'report.scenario': 'The scenario as run',
  'report.scenarioNote': 'The complete scenario after the file, the overrides and the defaults were resolved (manifest.json).',
  'report.description': 'Description',
  'report.policies': 'Policies',
  'report.lever': 'Lever',
  'report.settings': 'Settings',
  'report.schedule': 'Policy schedule',
  'report.scheduleYear': 'Run year',
  'report.scheduleSet': 'Changes',
  'report.scheduleNote': 'Note',
  'report.assumptions': 'Assumptions and their sources',
  'report.assumptionsNote': '{n} parameters; {assumed} of them rest on assumptions rather than on the source documents. Values that differ from the defaults are marked ●.',
  'report.parameter': 'Parameter',
  'report.meaning': 'Meaning',
  'report.used': 'Value used',
  'report.default': 'Default',
  'report.range': 'Plausible range',
  'report.source': 'Source',
  'report.reproduce': 'How to repeat this run',
  'report.reproduceNote': 'On commit {git} of govbuy:',
  'report.chartFiles': 'Each chart is also in charts/ as an editable Vega-Lite spec (.vl.json), an SVG and a PNG.',
  'report.yes': 'yes',
  'report.no': 'no',
  'report.totals.paid_contracts': 'Paid for contracts',
  'report.totals.paid_pilots': 'Paid for pilots',
  'report.totals.paid_incubator_grants': 'Incubator grants',
  'report.totals.paid_package_grants': 'Package grants',
  'report.totals.in_house_spending': 'In-house spending',
  'report.totals.mean_needs_met_share': 'Needs met (mean)',
  'report.totals.mean_satisfaction': 'Satisfaction (mean)',
  'report.totals.budget_lines_from_pilots': 'Budget lines grown from pilots',
} as const;

export type MessageKey = keyof typeof EN;

const ZH: Record<MessageKey, string> = {
  'col.month': '月份',
  'col.year': '年份',
  'col.orgs_active': '正式社会组织',
  'col.orgs_registered': '已登记（民非）',
  'col.orgs_filed': '已备案',
  'col.self_orgs': '自组织',
  'col.orgs_per_10k': '每万居民社会组织数',
  'col.org_entries': '新进入',
  'col.org_exits': '退出',
  'col.tenders': '招标次数',
  'col.bidders_per_tender': '每次招标的投标者',
  'col.failed_tenders': '流标',
  'col.terminated_contracts': '中止的合同',
  'col.contract_value_hhi': '合同金额集中度（HHI）',
  'col.purchase_share_of_budget': '购买支出占预算比例',
  'col.professional_staff': '专业社工人数',
  'col.resistance_mean': '既有机构的阻力',
  'col.transfers_blocked': '被阻挡的职能转移',
  'col.functions_transferred_share': '已转移的职能',
  'col.insider_contract_share': '体制内机构所占合同金额',
  'col.needs_met_share': '需求满足率',
  'col.service_quality': '服务质量',
  'col.satisfaction': '居民满意度',
  'col.trust_in_orgs': '对社会组织的信任',
  'col.complaints': '投诉与信访',
  'col.cost_ratio_vs_inhouse': '购买成本与自办成本之比',
  'col.fiscal_savings': '累计节省的财政支出',
  'col.jobs': '承接机构就业人数',
  'cause.insolvency': '资金断裂',
  'cause.noContracts': '竞标失利',
  'cause.noDemand': '无需求',
  'cause.closed': '评估不合格被关停',
  'cause.withered': '无经费而萎缩',
  'origin.grassroots': '草根组织',
  'origin.incubated': '孵化培育',
  'origin.upgraded': '自组织升级',
  'origin.introduced': '外部引进',
  'origin.affiliated': '官办机构',
  'lever.bidding': '竞争性购买',
  'lever.payments': '付款条件',
  'lever.incubator': '孵化与登记改革',
  'lever.seedFund': '种子资金与微创投',
  'lever.evaluation': '评估方式',
  'lever.compensation': '对既有机构的补偿',
  'lever.contracts': '合同条款',
  'lever.transfer': '职能转移',
  'lever.training': '社工培训',
  'lever.publicity': '宣传',
  'chart.orgs.title': '各类社会组织数量',
  'chart.count': '数量',
  'chart.share': '比例',
  'chart.time': '年份',
  'chart.series': '系列',
  'chart.oneRun': '单次模拟（种子 {seed}）',
  'chart.band': '{n} 次模拟的均值；阴影为均值的 95% 置信区间',
  'chart.meanOf': '{n} 次模拟的均值',
  'chart.survival.origin': '正式社会组织的存活率（按来源）',
  'chart.survival.cohort': '正式社会组织的存活率（按成立年份）',
  'chart.survival.note': 'Kaplan–Meier 估计，自备案或登记起算，画至模拟结束',
  'chart.survival.x': '备案或登记后的月数',
  'chart.survival.y': '仍在运营',
  'chart.survival.group.origin': '来源',
  'chart.survival.group.cohort': '成为正式组织的年份',
  'chart.exits.title': '社会组织退出原因',
  'chart.exits.y': '每年退出数',
  'chart.exits.cause': '原因',
  'chart.perYear': '每年{what}',
  'chart.compare.title': '与现状相比的差异',
  'chart.compare.note': '每个方案 {n} 个种子的均值差，误差线为 95% 置信区间（Welch）',
  'chart.compare.x': '差异',
  'chart.option': '方案',
  'report.title': '模拟报告：{name}',
  'report.generated': '由 govbuy {version} 根据 {folder} 生成',
  'report.run': '种子 {seed}，{years} 年（{first}–{last}），共 {months} 个月。',
  'report.code': '代码：govbuy {package}，提交 {git}{dirty}。',
  'report.dirty': '（含未提交的修改）',
  'report.sets': '参数覆盖：{sets}',
  'report.none': '无',
  'report.keyFigures': '主要数字',
  'report.figure': '指标',
  'report.value': '数值',
  'report.when': '时点',
  'report.atEnd': '{year} 年末',
  'report.overRun': '整个模拟期',
  'report.charts': '图表',
  'report.market': '市场发育',
  'report.survival': '存活与退出',
  'report.resistance': '既有利益的阻力',
  'report.service': '服务与财政',
  'report.exitsByCause': '按原因统计的退出',
  'report.cause': '原因',
  'report.exits': '退出数',
  'report.firstYearMortality': '正式组织的第一年死亡率',
  'report.survivalTable': '1、2、3、5、10 年存活率',
  'report.group': '分组',
  'report.n': '数量',
  'report.median': '中位存活（月）',
  'report.exitsNote': '分年份、分原因的退出数据来自按清单中的情景与种子重新运行的模拟；重跑结果与 series.csv 完全一致。',
  'report.exitsMissing': '结果文件中没有分年份、分原因的退出数据，这里也无法重现（{why}）；总数见上表。',
  'report.exitsWhy.mismatch': '当前代码得到的 series.csv 与文件夹中的不同',
  'report.exitsWhy.slow': '重跑所需时间过长',
  'report.exitsWhy.checkpoint': '这次运行是从检查点继续的',
  'report.exitsWhy.failed': '重跑失败：{message}',
  'report.scenario': '实际运行的情景',
  'report.scenarioNote': '合并情景文件、参数覆盖和默认值之后的完整情景（见 manifest.json）。',
  'report.description': '说明',
  'report.policies': '政策',
  'report.lever': '政策工具',
  'report.settings': '设置',
  'report.schedule': '政策时间表',
  'report.scheduleYear': '模拟年',
  'report.scheduleSet': '变化',
  'report.scheduleNote': '备注',
  'report.assumptions': '假设及其来源',
  'report.assumptionsNote': '共 {n} 个参数，其中 {assumed} 个依据假设而非源文件。与默认值不同的取值标有 ●。',
  'report.parameter': '参数',
  'report.meaning': '含义',
  'report.used': '本次取值',
  'report.default': '默认值',
  'report.range': '合理范围',
  'report.source': '来源',
  'report.reproduce': '如何重复这次模拟',
  'report.reproduceNote': '在 govbuy 的提交 {git} 上运行：',
  'report.chartFiles': '每张图也以可编辑的 Vega-Lite 规格（.vl.json）、SVG 和 PNG 保存在 charts/ 中。',
  'report.yes': '是',
  'report.no': '否',
  'report.totals.paid_contracts': '合同支出',
  'report.totals.paid_pilots': '试点项目支出',
  'report.totals.paid_incubator_grants': '孵化补贴',
  'report.totals.paid_package_grants': '打包购买资金',
  'report.totals.in_house_spending': '自办服务支出',
  'report.totals.mean_needs_met_share': '需求满足率（均值）',
  'report.totals.mean_satisfaction': '满意度（均值）',
  'report.totals.budget_lines_from_pilots': '由试点转入预算的项目',
};

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en: EN, zh: ZH };

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** The message `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Label of a series.csv column, or the column name itself if it has none. */
export function columnLabel(lang: Lang, column: string): string {
  const key = `col.${column}`;
  return key in EN ? t(lang, key as MessageKey) : column;
}

/** Label of a vocabulary word (`cause`, `origin`, `lever`), or the word itself. */
export function wordLabel(lang: Lang, kind: 'cause' | 'origin' | 'lever', word: string): string {
  const key = `${kind}.${word}`;
  return key in EN ? t(lang, key as MessageKey) : word;
}

// ── Numbers ────────────────────────────────────────────────────────────────

/** Thousands separators, at most `digits` decimals, trailing zeros dropped. */
export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  const fixed = x.toFixed(digits);
  const [int, frac] = fixed.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const grouped = int.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const tail = frac ? frac.replace(/0+$/, '') : '';
  const text = `${sign}${grouped}${tail ? `.${tail}` : ''}`;
  return text === '-0' ? '0' : text;
}

export function formatPercent(x: number, digits = 0): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : '–';
}

/** Money in yuan: ¥1.23M / ¥45k in English, 123.4万元 in Chinese. */
export function formatMoney(lang: Lang, yuan: number): string {
  if (!Number.isFinite(yuan)) return '–';
  if (lang === 'zh') return Math.abs(yuan) >= 1e4 ? `${formatNumber(yuan / 1e4, 1)}万元` : `${formatNumber(yuan, 0)}元`;
  if (Math.abs(yuan) >= 1e6) return `¥${formatNumber(yuan / 1e6, 2)}M`;
  if (Math.abs(yuan) >= 1e3) return `¥${formatNumber(yuan / 1e3, 0)}k`;
  return `¥${formatNumber(yuan, 0)}`;
}
