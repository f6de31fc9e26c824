/**
 * The HTML report's compliance, risk and trend sections as view models: what the template draws
 * server-side (so the page reads without JavaScript) and what report.js needs to filter, link to
 * findings and export CSV. Pure; built from the shared compliance view.
 */
import { REQUIREMENT_STATUSES, SEVERITIES, type RequirementStatus, type RuleState, type Severity } from '../model/index.ts';
import { riskScore, type Breakdown, type RiskyResource, type TrendEntry } from '../compliance/index.ts';
import { THIS_RUN, lastKnownNote, type ComplianceView } from './compliance-view.ts';

export const STATUS_LABEL: Record<RequirementStatus, string> = {
  fail: 'fail',
  error: 'error',
  'not-collected': 'not collected',
  pass: 'pass',
  'not-assessed': 'not assessed',
};

const REASON_LABEL = { 'no-rules': 'no rule maps to it', 'not-run': 'its rules did not run', 'not-applicable': 'nothing to check' } as const;

const STATE_LABEL: Record<RuleState, string> = {
  fail: 'fails',
  error: 'error',
  'not-collected': 'not collected',
  pass: 'passes',
  'not-applicable': 'nothing to check',
  'not-run': 'did not run',
};

export interface HtmlRequirementRow {
  /** Position in its framework (data-req). */
  index: number;
  id: string;
  title: string;
  section: string;
  status: RequirementStatus;
  statusLabel: string;
  note: string;
  rules: Array<{ id: string; state: RuleState; label: string }>;
  /** Open failing, error and not-collected findings behind the status. */
  findings: number;
}

export interface HtmlFramework {
  index: number;
  id: string;
  name: string;
  version: string;
  url: string;
  description: string;
  chips: Array<{ status: RequirementStatus; label: string; count: number }>;
  total: number;
  requirements: HtmlRequirementRow[];
}

/** One severity's count, named so the template can label the cell. */
export interface SeverityCount {
  severity: Severity;
  value: number;
}

function severityCounts(open: Record<Severity, number>): SeverityCount[] {
  return SEVERITIES.map((severity) => ({ severity, value: open[severity] }));
}

export interface HtmlBreakdownRow {
  key: string;
  counts: SeverityCount[];
  total: number;
  score: number;
}

export interface HtmlRiskyRow {
  rank: number;
  type: string;
  name: string;
  arn: string;
  place: string;
  counts: SeverityCount[];
  total: number;
  score: number;
}

interface TrendBar {
  /** Centre of the bar, for its labels. */
  cx: number;
  date: string;
  total: number;
  totalY: number;
  segments: Array<{ x: number; y: number; width: number; height: number; tone: string }>;
}

export interface HtmlTrend {
  chart: { width: number; height: number; baseY: number; dateY: number; bars: TrendBar[] };
  rows: Array<{ label: string; evaluatedAt: string; counts: SeverityCount[]; total: number; change: string; current: boolean }>;
}

export interface HtmlComplianceSections {
  compliance: { frameworks: HtmlFramework[] } | false;
  risk: { byAccount: HtmlBreakdownRow[]; byRegion: HtmlBreakdownRow[]; top: HtmlRiskyRow[] };
  trend: HtmlTrend | false;
  severities: readonly Severity[];
  /** For report.js: each framework's requirements, compact. */
  data: {
    frameworks: Array<{ id: string; name: string; requirements: Array<[string, string, string, RequirementStatus, string[], number, string?]> }>;
    /** Rule id to "framework requirement, requirement; ..." for the finding detail. */
    mappings: Record<string, string>;
  };
}

function breakdownRow(b: Breakdown): HtmlBreakdownRow {
  return { key: b.key, counts: severityCounts(b.open), total: b.total, score: b.score };
}

function riskyRow(r: RiskyResource, i: number): HtmlRiskyRow {
  return { rank: i + 1, type: r.type ?? '', name: r.name ?? '', arn: r.arn, place: `${r.accountId} ${r.region}`, counts: severityCounts(r.open), total: r.total, score: riskScore(r.open) };
}

const TREND_HEIGHT = 160;
const TREND_TOP = 18;

/** Stacked bars of open failing findings per run, one bar per run, severities bottom-up from critical. */
function trendView(trend: readonly TrendEntry[]): HtmlTrend {
  const max = Math.max(1, ...trend.map((p) => p.total));
  const barWidth = 36;
  const gap = 44;
  // Dates under at most about eight bars, the latest always, so labels never overlap.
  const every = Math.ceil(trend.length / 8);
  const baseY = TREND_TOP + TREND_HEIGHT;
  const bars = trend.map((p, i): TrendBar => {
    const x = 8 + i * (barWidth + gap);
    let y = baseY;
    const segments: TrendBar['segments'] = [];
    for (const sev of SEVERITIES) {
      const n = p.open[sev];
      if (n === 0) continue;
      const height = Math.max(1, Math.round((n / max) * TREND_HEIGHT));
      y -= height;
      segments.push({ x, y, width: barWidth, height, tone: `sev-${sev}` });
    }
    const dated = (trend.length - 1 - i) % every === 0;
    return { cx: x + barWidth / 2, date: dated ? p.evaluatedAt.slice(0, 10) : '', total: p.total, totalY: Math.max(12, y - 4), segments };
  });
  return {
    chart: { width: Math.max(240, 16 + trend.length * (barWidth + gap)), height: baseY + 24, baseY, dateY: baseY + 16, bars },
    rows: trend.map((p) => ({
      label: p.label ?? '',
      evaluatedAt: p.evaluatedAt,
      counts: severityCounts(p.open),
      total: p.total,
      change: p.delta === null ? '' : p.delta > 0 ? `+${p.delta}` : p.delta < 0 ? `−${-p.delta}` : '±0',
      current: p.label === THIS_RUN,
    })),
  };
}

export function htmlComplianceSections(view: ComplianceView): HtmlComplianceSections {
  const mappings = new Map<string, string[]>();
  const frameworks = view.frameworks.map((fw, index): HtmlFramework => {
    const byRule = new Map<string, string[]>();
    const requirements = fw.requirements.map((req, i): HtmlRequirementRow => {
      for (const r of req.rules) {
        let list = byRule.get(r.id);
        if (!list) byRule.set(r.id, (list = []));
        list.push(req.id);
      }
      return {
        index: i,
        id: req.id,
        title: req.title,
        section: req.section ?? '',
        status: req.status,
        statusLabel: STATUS_LABEL[req.status],
        note: [req.reason ? REASON_LABEL[req.reason] : req.counts.failWaived > 0 ? `${req.counts.failWaived} waived` : '', lastKnownNote(req)].filter((n) => n !== '').join('; '),
        rules: req.rules.map((r) => ({ id: r.id, state: r.state, label: `${r.id} ${STATE_LABEL[r.state]}` })),
        findings: req.counts.fail + req.counts.error + req.counts.skipNotCollected,
      };
    });
    for (const [rule, reqs] of byRule) {
      let list = mappings.get(rule);
      if (!list) mappings.set(rule, (list = []));
      list.push(`${fw.id} ${reqs.join(', ')}`);
    }
    return {
      index,
      id: fw.id,
      name: fw.name,
      version: fw.version,
      url: /^https:\/\/\S+$/.test(fw.url) ? fw.url : '',
      description: fw.description,
      chips: REQUIREMENT_STATUSES.map((s) => ({ status: s, label: STATUS_LABEL[s], count: fw.summary[s] })),
      total: fw.requirements.length,
      requirements,
    };
  });
  return {
    compliance: frameworks.length > 0 ? { frameworks } : false,
    risk: { byAccount: view.byAccount.map(breakdownRow), byRegion: view.byRegion.map(breakdownRow), top: view.topResources.map(riskyRow) },
    trend: view.trend ? trendView(view.trend) : false,
    severities: SEVERITIES,
    data: {
      frameworks: frameworks.map((fw) => ({
        id: fw.id,
        name: fw.name,
        requirements: fw.requirements.map((r): [string, string, string, RequirementStatus, string[], number, string?] => {
          const row: [string, string, string, RequirementStatus, string[], number, string?] = [r.id, r.section, r.title, r.status, r.rules.map((x) => x.id), r.findings];
          if (r.note) row.push(r.note);
          return row;
        }),
      })),
      mappings: Object.fromEntries([...mappings].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, v]) => [k, v.join('; ')])),
    },
  };
}
