/**
 * The prose of the classroom pack, in English and Chinese, written for govbuy. Facts from the
 * source documents are cited by file number, e.g. "(003)"; everything about the place itself
 * comes from its scenario file and the simulation. Numbers are passed in already formatted.
 */
import type { Lang } from '../i18n.ts';
import type { OptionId } from './options.ts';
import type { OutcomeId } from './outcomes.ts';

export const ROLE_IDS = ['official', 'organization', 'committee', 'resident'] as const;
export type RoleId = (typeof ROLE_IDS)[number];

export interface PlaceFacts {
  name: string;
  population: string;
  communities: string;
  firstYear: number;
  lastYear: number;
  years: number;
  selfOrgs: string;
  formalOrgs: string;
  affiliated: string;
  purchaseFrom: number;
  purchaseBudget: string;
  leversOn: string;
}

export interface StatusQuoFacts {
  seeds: number;
  years: number;
  orgsEnd: string;
  insolvencies: string;
  needsMet: string;
  resistance: string;
  complaints: string;
}

export interface RoleText {
  title: string;
  who: string;
  interests: string[];
  constraints: string[];
  push: string[];
}

export interface OptionText {
  name: string;
  idea: string;
}

export interface Texts {
  packTitle: (name: string) => string;
  debriefTitle: (name: string) => string;
  forStudents: string;
  forTeacher: string;
  intro: string[];
  steps: string[];
  briefing: string;
  thePlace: string;
  place: (f: PlaceFacts) => string[];
  theProblem: string;
  problem: string[];
  statusQuo: (f: StatusQuoFacts) => string;
  keyFigures: string;
  figure: string;
  value: string;
  fig: {
    population: string;
    communities: string;
    period: string;
    selfOrgs: string;
    formalOrgs: string;
    affiliated: string;
    purchaseFrom: string;
    purchaseBudget: string;
    leversOn: string;
  };
  options: string;
  optionsIntro: (seeds: number, years: number) => string;
  option: Record<OptionId, OptionText>;
  /** A label and what follows it: "Label: text". */
  labelled: (label: string, text: string) => string;
  /** Words for option values (true, false, enum values) in descriptions of changes. */
  values: Record<string, string>;
  /** Joins an effect and its explanation. */
  sentence: (a: string, b: string) => string;
  changes: string;
  noChanges: string;
  changeBecomes: (what: string, before: string, after: string) => string;
  path: Record<string, string>;
  charts: string;
  chartsIntro: string;
  roles: string;
  rolesIntro: string;
  role: Record<RoleId, RoleText>;
  youCare: string;
  interests: string;
  constraints: string;
  push: string;
  outcome: string;
  how: string;
  questions: string;
  questionList: (f: { name: string; insolvencies: string; years: number; spendA: string; spendB: string; optionA: string; optionB: string }) => string[];
  // Teacher's sheet
  runIt: string;
  runSteps: string[];
  whatHappened: string;
  whatHappenedIntro: (seeds: number, years: number) => string;
  clearlyChanged: string;
  noClearChange: (list: string) => string;
  effect: (outcome: string, diff: string, lo: string, hi: string) => string;
  why: Partial<Record<OptionId, Partial<Record<OutcomeId, { up: string; down: string }>>>>;
  unexplained: string;
  summaryTable: string;
  caveats: string;
  caveatList: (seeds: number) => string[];
  probes: string;
  probeList: string[];
  meanCi: string;
  differenceNote: string;
  madeBy: (version: string, scenario: string, seeds: string) => string;
}

const EN: Texts = {
  packTitle: (name) => `Discussion pack: ${name}`,
  debriefTitle: (name) => `Teacher’s debrief: ${name}`,
  forStudents: 'For the participants. The teacher’s debrief sheet is a separate page (debrief.html).',
  forTeacher: 'For the teacher only: what the simulation says happened under each option, and why. Hand it out after the discussion, if at all.',
  intro: [
    'This pack prepares a leaderless group discussion (无领导小组讨论) on buying public services from social organizations instead of delivering them through neighbourhood committees. Four people each take one side of the reform, read their brief, and together agree on advice to the local government.',
    'The figures come from an agent-based simulation (govbuy) of this place, run several times with different random histories. They show what tends to happen under each option if the model’s assumptions hold: they are arguments to weigh, not forecasts.',
  ],
  steps: [
    'Read the briefing and the options (10 minutes).',
    'Each participant takes one role and reads only that role’s brief.',
    'Discuss without a chair (30–40 minutes): which option, or which mix, would you recommend, and on what conditions?',
    'One participant, chosen by the group, presents the group’s advice in three minutes.',
  ],
  briefing: 'Briefing',
  thePlace: 'The place',
  place: (f) => [
    `${f.name} has about ${f.population} residents in ${f.communities} communities, each with its own residents’ committee. The simulation follows it month by month from ${f.firstYear} to ${f.lastYear} (${f.years} years).`,
    `At the start there are ${f.selfOrgs} informal self-organizations (自组织) of residents and ${f.formalOrgs} formal social organizations, ${f.affiliated} of them government-affiliated (官办). The government buys services from ${f.purchaseFrom} on and sets aside about ${f.purchaseBudget} a year for it; more money follows each function it transfers from the committees.`,
  ],
  theProblem: 'The problem',
  problem: [
    'Buying services only works if there is someone to buy from. Where few capable organizations exist, tenders draw one bidder or none, and the government ends up buying from whoever is there — often an organization close to itself. Guangzhou, a city of 14 million, saw only 34 social-work organizations at a purchase fair (000).',
    'Young organizations are fragile. Many live from one contract to the next with a couple of months of cash; when payment comes late or they must front the cost of service (垫付), the more they win, the deeper they sink (004). Self-organizations without any funding channel simply fade away, as most of the 132 groups founded in Xitun in 2013 did (003).',
    'Every function that moves to a social organization leaves a committee or agency with less work, fewer visitors and less money. Committees that lose out can delay transfers, withhold cooperation, favour their own affiliated providers and complain upward; in Xixiang, committee staff noticed that far fewer residents came to them once services were bought (000).',
  ],
  statusQuo: (f) =>
    `If nothing changes, the simulation (mean of ${f.seeds} runs over ${f.years} years) ends with ${f.orgsEnd} formal organizations; ${f.insolvencies} organizations went bankrupt along the way; ${f.needsMet} of residents’ needs are met; committees’ resistance stands at ${f.resistance} on a 0–1 scale; and residents file about ${f.complaints} complaints and petitions a year.`,
  keyFigures: 'Key figures',
  figure: 'Figure',
  value: 'Value',
  fig: {
    population: 'Residents',
    communities: 'Communities (each with a committee)',
    period: 'Period simulated',
    selfOrgs: 'Self-organizations at the start',
    formalOrgs: 'Formal social organizations at the start',
    affiliated: 'of which government-affiliated (官办)',
    purchaseFrom: 'Purchase of services from',
    purchaseBudget: 'Money set aside for purchase each year (before transfers)',
    leversOn: 'Policies already in place',
  },
  options: 'The options',
  optionsIntro: (seeds, years) => `Each option was simulated ${seeds} times over ${years} years, with the same ${seeds} random histories for every option. Figures are means over the runs; the brackets give 95% confidence intervals of the mean.`,
  option: {
    statusQuo: { name: 'A. Status quo', idea: 'Keep the current rules: the government buys as it does now, pays as it does now, and transfers functions on its present schedule.' },
    advanceIncubator: {
      name: 'B. Advance payment + incubator',
      idea: 'Pay most of each contract up front and the rest within a month, so that small organizations no longer front the cost of service; run an incubator that gives new teams space, small grants and coaching through their first year.',
    },
    compensationEvaluation: {
      name: 'C. Compensation + third-party evaluation',
      idea: 'Make good most of what committees lose when functions leave them (budget, a new coordination and referral role, staff moved to new posts); have an independent third party evaluate providers, and publish tenders and results.',
    },
  },
  labelled: (label, text) => `${label}: ${text}`,
  values: { true: 'yes', false: 'no', self: 'the buyer itself', thirdParty: 'a third party' },
  sentence: (a, b) => `${a} ${b}`,
  changes: 'What changes in the simulation',
  noChanges: 'Nothing: the scenario as it is.',
  changeBecomes: (what, before, after) => `${what}: ${before} → ${after}`,
  path: {
    'policies.payments.advanceShare': 'share of a contract paid up front',
    'policies.payments.delayMonths': 'months until the rest is paid',
    'policies.incubator.enabled': 'incubator in operation',
    'policies.incubator.slots': 'incubator places',
    'policies.compensation.enabled': 'committees compensated',
    'policies.compensation.share': 'share of committees’ losses made good',
    'policies.evaluation.mode': 'who evaluates providers',
    'policies.bidding.transparency': 'disclosure of tenders and results (0–1)',
  },
  charts: 'The options in pictures',
  chartsIntro: 'Lines are means over the runs; shaded bands are 95% confidence intervals of the mean.',
  roles: 'Role briefs',
  rolesIntro: 'Each participant reads one brief. Speak for your side, but look for an agreement the whole group can defend.',
  role: {
    official: {
      title: 'Government official (街道/区政府)',
      who: 'You lead the street or district office that pays for public services and answers to the level above for results, money and social stability.',
      interests: [
        'Residents’ needs met and fewer complaints and petitions (信访) reaching your desk.',
        'Value for money: purchase should cost less than doing it in-house, as it did for elder care in Xitun (003).',
        'A reform that shows progress: functions transferred, organizations growing, no scandal over insiders winning contracts.',
      ],
      constraints: [
        'Your budget is fixed for the year; paying in advance means finding the money earlier.',
        'Committees are your own grassroots arm; you cannot govern the communities against them.',
        'Audits ask who got the money and why; a failed or cancelled contract is your failure too.',
      ],
      push: ['Which option gives the most service for the money?', 'What do you need from the committees, and what can you offer them?'],
    },
    organization: {
      title: 'Director of a social organization (社会组织负责人)',
      who: 'You run a young registered social organization with a few paid social workers and a handful of volunteers, living mostly from government contracts.',
      interests: [
        'Staying alive: steady contracts, paid on time, that cover staff costs.',
        'Fair tenders in which quality counts, not connections.',
        'Room to grow: training for your staff and a reputation that wins the next contract.',
      ],
      constraints: [
        'You have a couple of months of cash at most; when payment is late or you must front the cost, you pay wages from loans or your own pocket (004).',
        'Some projects do not allow staff costs, yet staff are what you sell.',
        'Larger or affiliated (官办) organizations have connections you lack.',
      ],
      push: ['Which terms would let small organizations survive their first years?', 'How should providers be evaluated, and by whom?'],
    },
    committee: {
      title: 'Director of a residents’ committee (居委会主任)',
      who: 'You head a residents’ committee that has carried a hundred-odd tasks for the government (a Guangzhou committee counted over 130, 000) and knows every family in the community.',
      interests: [
        'Keeping a meaningful role, a budget and your staff’s jobs as services move to organizations.',
        'Being consulted: you know who needs what, and you will get the blame when a service fails.',
        'Keeping residents’ trust in the committee.',
      ],
      constraints: [
        'Each transferred function takes away money, visitors and influence; nobody has said what your new role will be.',
        'You answer to the street office, which wants the reform to succeed.',
        'Your staff are on contracts that depend on the functions you hold.',
      ],
      push: ['What would make you support the transfer rather than slow it down?', 'What should committees still do once services are bought?'],
    },
    resident: {
      title: 'Resident representative (居民代表)',
      who: 'You speak for residents of the community: older people who need care at home, working parents, families on low incomes.',
      interests: [
        'Services that actually reach people who need them, close to home and reliable.',
        'Good quality, and somewhere to turn when a service is bad.',
        'Knowing who provides what: many residents have never heard of the organizations.',
      ],
      constraints: [
        'You do not choose the providers; the government does, by tender.',
        'Many residents trust the committee more than unfamiliar organizations.',
        'Some services charge fees, which poorer families cannot always pay.',
      ],
      push: ['Which option serves residents best, and how would you know?', 'What should residents be able to do when a provider fails them?'],
    },
  },
  youCare: 'Your figures',
  interests: 'What you want',
  constraints: 'What holds you back',
  push: 'Questions to bring to the table',
  outcome: 'Figure',
  how: 'Measured',
  questions: 'Questions for the discussion',
  questionList: (f) => [
    `What is the main obstacle to buying services in ${f.name}: too few capable organizations, organizations that die young, or committees that resist? What follows for the order of reforms?`,
    `Under the status quo about ${f.insolvencies} organizations went bankrupt in ${f.years} years. Who should carry the cost of late payment — the government, the organizations or the residents?`,
    `${f.optionA} costs about ${f.spendA} a year and ${f.optionB} about ${f.spendB} (status quo included for comparison in the tables). Is the money better spent on organizations or on the committees?`,
    'What would the committee need to support the reform, and how can that be done without protecting insiders’ advantage in tenders?',
    'How should the results be evaluated, and by whom? What would you measure after three years to know whether the reform works?',
    'The simulation rests on assumptions. Which one would you most want to check against reality before acting, and how?',
  ],
  runIt: 'Running the session',
  runSteps: [
    'Give everyone the briefing and the options; give each participant one role brief (print them on separate pages).',
    'Do not chair the discussion. Note who proposes, who builds coalitions, who uses the figures and who ignores the other sides.',
    'Stop after 30–40 minutes and ask for the group’s advice in three minutes, then discuss with the sheet below.',
  ],
  whatHappened: 'What the simulation says happened',
  whatHappenedIntro: (seeds, years) => `Differences from the status quo, mean over ${seeds} runs of ${years} years, with 95% confidence intervals (Welch). A difference counts as clear when its interval excludes zero.`,
  clearlyChanged: 'Clear changes',
  noClearChange: (list) => `No clear difference from the status quo: ${list}.`,
  effect: (outcome, diff, lo, hi) => `**${outcome}**: ${diff} (95% CI ${lo} to ${hi}).`,
  why: {
    advanceIncubator: {
      insolvencies: {
        down: 'With most of the money paid up front, organizations no longer front the cost of service from thin reserves, so fewer run out of cash — and winning more contracts no longer deepens the hole.',
        up: 'More organizations exist, so more can fail: the incubator brings in young teams that are still fragile when they leave it.',
      },
      orgsEnd: {
        up: 'The incubator carries new teams through their first year and cash-safe contracts keep more of them alive, so the market grows.',
        down: 'Better-financed organizations win more and crowd out the rest.',
      },
      lostTenderExits: {
        up: 'A denser market means more organizations lose tenders; those idle for long close. This is competition doing its work, not only a loss.',
        down: 'Fewer organizations compete for each contract, so fewer lose out.',
      },
      bidders: { up: 'More surviving registered organizations means more bidders per tender: competition becomes real.', down: 'Fewer organizations are left to bid.' },
      firstYearMortality: { down: 'Incubated organizations get support through the year in which most young organizations die.', up: 'The incubator graduates teams that are not yet ready to survive on their own.' },
      spendingPerYear: { up: 'Incubator grants cost money, and more organizations take up contracts.', down: 'Fewer contracts are paid for.' },
      professionalStaff: { up: 'Organizations that survive keep and hire paid social workers.', down: 'Fewer organizations employ staff.' },
    },
    compensationEvaluation: {
      resistance: {
        down: 'Committees that lose functions keep most of their budget, gain a referral role and see their staff moved to new posts, so their sense of loss — which drives resistance — shrinks.',
        up: 'Compensation does not make up for what committees lose.',
      },
      transfersBlocked: { down: 'Less resistance means committees block fewer transfers.', up: 'Committees still block transfers.' },
      complaintsPerYear: {
        down: 'Committees that no longer resist file fewer complaints upward, and with a referral role they send residents on to providers instead of turning them away.',
        up: 'More complaints reach the government.',
      },
      needsMet: { up: 'Committees refer residents to the organizations that now hold the services, and cooperate rather than withhold, so more needs are met.', down: 'Fewer needs are met.' },
      satisfaction: { up: 'Services delivered with the committees’ cooperation are better, and an independent evaluator rewards quality.', down: 'Residents are less satisfied.' },
      trust: { up: 'Better service spreads by word of mouth and raises trust in organizations.', down: 'Trust in organizations falls.' },
      insiderShare: {
        down: 'An independent evaluator cannot be steered toward affiliated providers, and disclosure weakens insiders’ pull in awards.',
        up: 'Insiders win more contracts.',
      },
      insolvencies: { down: 'Fairer evaluation keeps good organizations in contracts.', up: 'Stricter evaluation ends more contracts early.' },
    },
  },
  unexplained: 'The model produced this through interactions the debrief does not trace; ask the group why it might happen.',
  summaryTable: 'All figures by option',
  caveats: 'What the simulation cannot tell',
  caveatList: (seeds) => [
    'Most rates in the model are assumptions with plausible ranges, not measurements. The options are compared under the same assumptions, which makes the comparison more trustworthy than any single number.',
    `${seeds} runs per option give intervals that are honest about chance, not about the model’s structure.`,
    'The model does not include politics beyond committees’ resistance, nor changes in leadership, nor the quality of individual managers.',
  ],
  probes: 'Questions to probe after the presentation',
  probeList: [
    'Did the group trade off the interests of organizations and committees, or pick a side?',
    'Which figures did the group use, and which did it ignore? Did anyone ask how sure the figures are?',
    'Would the advice change in a place with many more organizations, or a much smaller budget?',
  ],
  meanCi: 'Mean over the runs [95% confidence interval of the mean].',
  differenceNote: 'Differences of shares are in percentage points (pp).',
  madeBy: (version, scenario, seeds) => `Made by govbuy ${version} from ${scenario}; seeds ${seeds}.`,
};

/** A space between Chinese text and a name that starts or ends in Latin letters or digits. */
const spaceAfter = (name: string) => (/[A-Za-z0-9]$/.test(name) ? ' ' : '');
const spaceBefore = (name: string) => (/^[A-Za-z0-9]/.test(name) ? ' ' : '');

const ZH: Texts = {
  packTitle: (name) => `讨论材料：${name}`,
  debriefTitle: (name) => `教师复盘单：${name}`,
  forStudents: '供参与者使用。教师复盘单单独成页（debrief.html）。',
  forTeacher: '仅供教师使用：模拟结果显示每个方案下发生了什么、原因何在。如需分发，请在讨论结束后再发。',
  intro: [
    '这份材料用于一次无领导小组讨论，主题是政府向社会组织购买公共服务、而不再由居委会直接提供。四位参与者各自代表改革中的一方，阅读本方的角色说明，然后共同商定给当地政府的建议。',
    '材料中的数字来自对该地的主体建模仿真（govbuy），每个方案在不同的随机历史下重复运行多次。它们说明在模型假设成立时各方案大致会带来什么，是可供权衡的论据，而不是预测。',
  ],
  steps: [
    '阅读背景介绍和各个方案（10 分钟）。',
    '每人领取一个角色，只阅读本角色的说明。',
    '不设主持人自由讨论（30–40 分钟）：你们会推荐哪个方案或哪种组合，需要满足什么条件？',
    '由小组推选一人，用三分钟汇报小组的建议。',
  ],
  briefing: '背景介绍',
  thePlace: '当地情况',
  place: (f) => [
    `${f.name}${spaceAfter(f.name)}约有 ${f.population} 名居民，分属 ${f.communities} 个社区，每个社区设有居委会。模拟从 ${f.firstYear} 年到 ${f.lastYear} 年逐月推进，共 ${f.years} 年。`,
    `起初，居民自发成立的自组织有 ${f.selfOrgs} 个，正式的社会组织有 ${f.formalOrgs} 家，其中官办机构 ${f.affiliated} 家。政府从 ${f.purchaseFrom} 年开始购买服务，每年为此安排约 ${f.purchaseBudget}；每从居委会转出一项职能，还会有相应的资金随之转入购买。`,
  ],
  theProblem: '面临的问题',
  problem: [
    '购买服务的前提是有可以购买的对象。有能力的社会组织太少时，招标只有一家甚至没有人投标，政府只能向现有的机构购买，而这些机构往往与政府关系密切。人口超过 1400 万的广州，公共服务购买洽谈会上只来了 34 家社工机构（000）。',
    '年轻的社会组织很脆弱。不少机构靠一个接一个的合同维持，手头只有两三个月的资金；一旦拨款迟到或需要先行垫付，项目接得越多，资金缺口就越大（004）。没有任何资金渠道的自组织则会慢慢消失，西屯街道 2013 年成立的 132 个自组织大多如此（003）。',
    '每一项转给社会组织的职能，都会让居委会或相关单位少一份工作、少一些来办事的人、少一笔经费。利益受损的一方可能拖延转移、不予配合、偏向自己的官办机构，或向上反映问题；西乡街道购买服务后，居委会工作人员明显感到来办事的居民少了很多（000）。',
  ],
  statusQuo: (f) =>
    `如果维持现状，模拟（${f.seeds} 次运行、${f.years} 年的均值）结束时有 ${f.orgsEnd} 家正式社会组织；期间有 ${f.insolvencies} 家因资金断裂而退出；居民需求满足率为 ${f.needsMet}；居委会的阻力为 ${f.resistance}（0–1 之间）；居民每年的投诉与信访约 ${f.complaints} 件。`,
  keyFigures: '主要数字',
  figure: '指标',
  value: '数值',
  fig: {
    population: '居民人数',
    communities: '社区数（每个社区一个居委会）',
    period: '模拟时段',
    selfOrgs: '初始自组织数量',
    formalOrgs: '初始正式社会组织数量',
    affiliated: '其中官办机构',
    purchaseFrom: '开始购买服务的年份',
    purchaseBudget: '每年安排的购买资金（不含职能转移带来的资金）',
    leversOn: '已实施的政策',
  },
  options: '备选方案',
  optionsIntro: (seeds, years) => `每个方案模拟 ${seeds} 次、每次 ${years} 年，各方案使用相同的 ${seeds} 条随机历史。表中数字为各次运行的均值，方括号内为均值的 95% 置信区间。`,
  option: {
    statusQuo: { name: 'A. 维持现状', idea: '保持现行做法：政府照旧购买、照旧付款，按现有安排转移职能。' },
    advanceIncubator: {
      name: 'B. 预付款 + 孵化',
      idea: '合同款项大部分在签约时预付，其余在一个月内付清，小型社会组织不再需要垫付服务成本；设立孵化基地，在新团队的第一年为其提供场地、小额资助和能力辅导。',
    },
    compensationEvaluation: {
      name: 'C. 补偿 + 第三方评估',
      idea: '职能转出时，补偿居委会的大部分损失（保留经费、赋予协调与转介的新角色、安排人员转岗）；由独立的第三方评估服务机构，并公开招标过程和结果。',
    },
  },
  labelled: (label, text) => `${label}：${text}`,
  values: { true: '是', false: '否', self: '购买方自评', thirdParty: '第三方' },
  sentence: (a, b) => `${a}${b}`,
  changes: '模拟中改变的参数',
  noChanges: '无：按情景原样运行。',
  changeBecomes: (what, before, after) => `${what}：${before} → ${after}`,
  path: {
    'policies.payments.advanceShare': '合同预付比例',
    'policies.payments.delayMonths': '余款支付的延迟月数',
    'policies.incubator.enabled': '是否设立孵化基地',
    'policies.incubator.slots': '孵化名额',
    'policies.compensation.enabled': '是否补偿居委会',
    'policies.compensation.share': '居委会损失的补偿比例',
    'policies.evaluation.mode': '由谁评估服务机构',
    'policies.bidding.transparency': '招标与结果的公开程度（0–1）',
  },
  charts: '各方案的图示',
  chartsIntro: '线条为各次运行的均值，阴影为均值的 95% 置信区间。',
  roles: '角色说明',
  rolesIntro: '每位参与者只读自己的角色说明。为本方争取利益，同时寻找全组都能接受的方案。',
  role: {
    official: {
      title: '政府官员（街道/区政府）',
      who: '你负责为公共服务付费的街道或区级部门，需要就服务成效、资金使用和社会稳定向上级负责。',
      interests: [
        '居民需求得到满足，少一些投诉和信访。',
        '花钱有效：购买服务应比政府自己做更省钱，正如西屯的居家养老服务那样（003）。',
        '改革要看得见进展：职能转出去、社会组织成长起来，不出现“内部分蛋糕”的问题。',
      ],
      constraints: [
        '年度预算是固定的，预付款意味着要提前筹措资金。',
        '居委会是你在基层的依靠，不能和它们对着干。',
        '审计会追问钱给了谁、为什么给；合同失败或中止，也算你的失误。',
      ],
      push: ['哪个方案花同样的钱能换来最多的服务？', '你需要居委会做什么，又能给它们什么？'],
    },
    organization: {
      title: '社会组织负责人',
      who: '你经营一家刚注册不久的社会组织，有几名专职社工和一些志愿者，主要收入来自政府购买合同。',
      interests: [
        '活下去：合同稳定、按时付款、能覆盖人员成本。',
        '招标公平，看服务质量而不是关系。',
        '有成长空间：员工能得到培训，良好的口碑能帮你赢得下一份合同。',
      ],
      constraints: [
        '机构账上最多只有两三个月的资金；拨款迟到或需要垫付时，只能借钱或自掏腰包发工资（004）。',
        '有些项目不允许列支人员经费，而你提供的恰恰是人的服务。',
        '规模更大的机构或官办机构拥有你所没有的关系。',
      ],
      push: ['什么样的合同条件能让小型社会组织熬过最初几年？', '服务机构应该怎样评估、由谁来评估？'],
    },
    committee: {
      title: '居委会主任',
      who: '你主持一个居委会，多年来承担着政府交办的上百项任务（广州有居委会统计超过 130 项，000），熟悉社区里的每一户人家。',
      interests: [
        '服务转给社会组织之后，居委会仍有实实在在的职责、经费和工作岗位。',
        '被征求意见：你最清楚谁需要什么，服务出了问题也首先会怪到你头上。',
        '保住居民对居委会的信任。',
      ],
      constraints: [
        '每转出一项职能，就少一份经费、少一些来办事的人、少一分影响力，而新的角色是什么，还没有人说清楚。',
        '你要对街道负责，而街道希望改革成功。',
        '居委会工作人员的岗位取决于你们承担的职能。',
      ],
      push: ['怎样才能让你支持职能转移，而不是拖延它？', '服务交给社会组织后，居委会还应该做什么？'],
    },
    resident: {
      title: '居民代表',
      who: '你代表社区居民发言：需要居家照护的老人、双职工家庭、低收入家庭。',
      interests: [
        '服务真正送到需要的人手里，就近、可靠。',
        '服务质量好，出了问题有地方反映。',
        '知道谁在提供什么服务：很多居民从没听说过这些社会组织。',
      ],
      constraints: [
        '服务机构不是你选的，而是政府通过招标选定的。',
        '很多居民更信任居委会，而不是陌生的社会组织。',
        '有些服务要收费，困难家庭不一定付得起。',
      ],
      push: ['哪个方案对居民最好？你怎么判断？', '服务机构让居民失望时，居民应该能做什么？'],
    },
  },
  youCare: '你关心的数字',
  interests: '你想要什么',
  constraints: '你受到哪些限制',
  push: '可以带到讨论中的问题',
  outcome: '指标',
  how: '口径',
  questions: '讨论题',
  questionList: (f) => [
    `在${spaceBefore(f.name)}${f.name}，购买服务的主要障碍是什么：有能力的社会组织太少、组织早早夭折，还是居委会的阻力？改革的先后顺序应当如何安排？`,
    `维持现状时，${f.years} 年里约有 ${f.insolvencies} 家组织因资金断裂而退出。拨款迟到的代价应该由谁承担：政府、社会组织还是居民？`,
    `${f.optionA}每年约需 ${f.spendA}，${f.optionB}每年约需 ${f.spendB}（现状见表中对比）。这笔钱花在社会组织身上更好，还是花在居委会身上更好？`,
    '居委会需要什么才会支持改革？怎样做到这一点，又不保护体制内机构在招标中的优势？',
    '改革成效应当如何评估、由谁评估？三年后你会看哪些指标来判断改革是否奏效？',
    '模拟建立在一系列假设之上。在采取行动之前，你最想用现实检验哪一条假设？怎么检验？',
  ],
  runIt: '组织讨论',
  runSteps: [
    '向每个人发放背景介绍和方案；每位参与者只发一份角色说明（分页打印）。',
    '不要主持讨论。记录谁提出方案、谁在争取同盟、谁在用数据说话、谁忽视了其他各方。',
    '30–40 分钟后停止讨论，请小组用三分钟汇报建议，然后对照下面的复盘单进行讲评。',
  ],
  whatHappened: '模拟结果显示发生了什么',
  whatHappenedIntro: (seeds, years) => `与维持现状相比的差异：${seeds} 次、每次 ${years} 年运行的均值，以及 95% 置信区间（Welch）。置信区间不包含 0 时，视为差异明显。`,
  clearlyChanged: '明显的变化',
  noClearChange: (list) => `与现状相比没有明显差异：${list}。`,
  effect: (outcome, diff, lo, hi) => `**${outcome}**：${diff}（95% 置信区间 ${lo} 至 ${hi}）。`,
  why: {
    advanceIncubator: {
      insolvencies: {
        down: '大部分款项预先支付后，社会组织不必再用微薄的积蓄垫付服务成本，资金断裂的机构随之减少——多接合同也不再意味着资金缺口更大。',
        up: '组织数量增加，失败的也可能增加：孵化出来的年轻团队离开孵化基地时仍很脆弱。',
      },
      orgsEnd: {
        up: '孵化基地帮助新团队度过第一年，资金安全的合同让更多机构存活下来，市场因此扩大。',
        down: '资金更充裕的机构赢得更多合同，挤出了其他机构。',
      },
      lostTenderExits: {
        up: '市场更密集，竞标失利的机构也更多，长期没有项目的机构会关闭。这是竞争在发挥作用，并不只是损失。',
        down: '每份合同的竞争者减少，竞标失利的机构也减少。',
      },
      bidders: { up: '存活下来的注册机构更多，每次招标的投标者也更多：竞争变得真实。', down: '能参与投标的机构减少。' },
      firstYearMortality: { down: '孵化机构在大多数年轻组织夭折的第一年得到扶持。', up: '孵化基地送出的团队尚不具备独立生存的能力。' },
      spendingPerYear: { up: '孵化补贴需要花钱，承接合同的机构也更多。', down: '需要付费的合同减少。' },
      professionalStaff: { up: '存活下来的机构留住并招聘了专职社工。', down: '雇用员工的机构减少。' },
    },
    compensationEvaluation: {
      resistance: {
        down: '失去职能的居委会保留了大部分经费，获得转介的新角色，人员也得到转岗安排，因而失落感——阻力的来源——明显减小。',
        up: '补偿不足以弥补居委会的损失。',
      },
      transfersBlocked: { down: '阻力减小，居委会阻挡的职能转移也随之减少。', up: '居委会仍在阻挡职能转移。' },
      complaintsPerYear: {
        down: '不再抵触的居委会向上反映的问题减少；有了转介角色后，它们会把居民介绍给服务机构，而不是把人打发走。',
        up: '到达政府的投诉增多。',
      },
      needsMet: { up: '居委会把居民转介给承接服务的组织，并且给予配合而不是不合作，因此更多需求得到满足。', down: '得到满足的需求减少。' },
      satisfaction: { up: '有居委会配合的服务质量更好，独立的评估也奖励高质量的服务。', down: '居民满意度下降。' },
      trust: { up: '更好的服务通过口碑传播，提高了居民对社会组织的信任。', down: '对社会组织的信任下降。' },
      insiderShare: {
        down: '独立的评估者无法被引导去偏向官办机构，信息公开也削弱了体制内机构在评标中的优势。',
        up: '体制内机构赢得了更多合同。',
      },
      insolvencies: { down: '更公正的评估让优秀的机构保住了合同。', up: '更严格的评估提前终止了更多合同。' },
    },
  },
  unexplained: '这一结果来自模型中的多种相互作用，本复盘单未加追溯；可以请小组讨论它为什么会出现。',
  summaryTable: '各方案的全部数字',
  caveats: '模拟不能告诉我们什么',
  caveatList: (seeds) => [
    '模型中的大多数比率是带有合理范围的假设，而不是测量值。各方案在相同假设下比较，因此比较结果比任何单个数字都更可信。',
    `每个方案 ${seeds} 次运行得到的置信区间只反映随机性，不反映模型结构本身的不确定性。`,
    '模型没有包括居委会阻力以外的政治因素，也没有包括领导更替或个别管理者能力的差异。',
  ],
  probes: '汇报后可以追问的问题',
  probeList: [
    '小组是在社会组织和居委会的利益之间做了权衡，还是选边站队？',
    '小组用了哪些数字、忽视了哪些数字？有没有人问过这些数字有多可靠？',
    '如果换成社会组织多得多、或者预算少得多的地方，建议会改变吗？',
  ],
  meanCi: '各次运行的均值 [均值的 95% 置信区间]。',
  differenceNote: '比例的差异以百分点表示。',
  madeBy: (version, scenario, seeds) => `由 govbuy ${version} 根据 ${scenario} 生成；种子 ${seeds}。`,
};

export const TEXTS: Record<Lang, Texts> = { en: EN, zh: ZH };

/** Which figures each role brief shows. */
export const ROLE_OUTCOMES: Record<RoleId, OutcomeId[]> = {
  official: ['needsMet', 'complaintsPerYear', 'spendingPerYear', 'fiscalSavings', 'functionsTransferred', 'purchaseShare'],
  organization: ['orgsEnd', 'insolvencies', 'lostTenderExits', 'firstYearMortality', 'bidders', 'professionalStaff'],
  committee: ['resistance', 'functionsTransferred', 'transfersBlocked', 'insiderShare', 'complaintsPerYear'],
  resident: ['needsMet', 'satisfaction', 'trust', 'complaintsPerYear'],
};
