// The quote payload built from what was typed, and what was typed read back from a saved quote.
import { coerce, getPath, setPath, toRaw } from './fields';
import type {
  CoverageChoice,
  CoverageConfig,
  ProductCtx,
  QuoteView,
  WizardData,
} from './wizardTypes';

/** Today as YYYY-MM-DD in the user's time zone. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function emptyData(): WizardData {
  return {
    productCode: '',
    state: '',
    effectiveDate: today(),
    termMonths: '12',
    companyId: '',
    companyName: '',
    firstName: '',
    lastName: '',
    email: '',
    businessName: '',
    answers: {},
    risks: [{}],
    coverages: {},
    deductibles: {},
  };
}

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));

/** A coverage whose limit is typed (an amount), not chosen. */
export function typedLimit(c: CoverageConfig): boolean {
  return c.limitType === 'value' && !(c.limits?.length);
}

export function defaultChoice(c: CoverageConfig): CoverageChoice {
  return {
    selected: true,
    limit: typedLimit(c) ? '' : json(c.limits?.[0]),
    deductible: json(c.deductibles?.[0]),
    percent: json(c.percentOptions?.[0]),
  };
}

export function choiceOf(data: WizardData, c: CoverageConfig): CoverageChoice {
  return data.coverages[c.code] ?? defaultChoice(c);
}

export function deductibleOf(data: WizardData, kind: string, options: unknown[]): string {
  return data.deductibles[kind] ?? json(options[0]);
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The quote payload for `POST /api/v1/quotes` (and drafts): empty values are left out. */
export function buildPayload(data: WizardData, ctx: ProductCtx | null): Record<string, unknown> {
  const payload: Record<string, unknown> = { productCode: data.productCode };
  if (data.effectiveDate) payload.effectiveDate = data.effectiveDate;
  if (data.termMonths) payload.termMonths = Number(data.termMonths);
  if (data.state) payload.state = data.state;
  if (data.companyId) {
    payload.underwritingCompany = { companyId: data.companyId, name: data.companyName };
  }
  if (!ctx) return payload;

  const applicant: Record<string, unknown> = {
    firstName: data.firstName.trim(),
    lastName: data.lastName.trim(),
  };
  if (data.email.trim()) applicant.email = data.email.trim();
  const business = data.businessName.trim();
  if (ctx.commercial && business) applicant.businessName = business;
  payload.applicant = applicant;
  const primary: Record<string, unknown> = {};
  if (ctx.commercial && business) primary.displayName = business;
  if (data.firstName.trim()) primary.firstName = data.firstName.trim();
  if (data.lastName.trim()) primary.lastName = data.lastName.trim();
  if (Object.keys(primary).length > 0) payload.insureds = { primary };

  for (const def of [...ctx.qualification, ...ctx.shared]) {
    const value = coerce(def, data.answers[def.path]);
    if (value !== undefined) setPath(payload, def.path, value);
  }

  const risks = ctx.multiRisk ? data.risks : data.risks.slice(0, 1);
  payload.risks = (risks.length ? risks : [{}]).map((typed) => {
    const risk: Record<string, unknown> = { type: ctx.config.riskType };
    for (const def of ctx.risk) {
      const value = coerce(def, typed[def.key]);
      if (value !== undefined) setPath(risk, def.key, value);
    }
    // The product asks for the business name on the risk; it is typed on Insureds.
    if (ctx.riskBusinessName && business) risk.businessName = business;
    return risk;
  });

  payload.coverages = ctx.config.coverages.map((c) => {
    const choice = choiceOf(data, c);
    const line: Record<string, unknown> = { code: c.code, selected: c.selectable ? choice.selected : true };
    const limit = typedLimit(c) ? coerceNumber(choice.limit) : parse(choice.limit);
    if (limit !== undefined) line.limit = limit;
    const deductible = parse(choice.deductible);
    if (deductible !== undefined) line.deductible = deductible;
    const percent = parse(choice.percent);
    if (percent !== undefined) line.percent = percent;
    return line;
  });

  const kinds = Object.entries(ctx.config.deductibles);
  if (kinds.length > 0) {
    const chosen: Record<string, unknown> = {};
    for (const [kind, options] of kinds) {
      const value = parse(deductibleOf(data, kind, Array.isArray(options) ? options : []));
      if (value !== undefined) chosen[kind] = value;
    }
    payload.deductibles = chosen;
  }
  return payload;
}

function coerceNumber(text: string): unknown {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** What was typed, read back from a saved quote (to resume it). */
export function dataFromQuote(quote: QuoteView, ctx: ProductCtx | null): WizardData {
  const p = (quote.payload && typeof quote.payload === 'object' ? quote.payload : {}) as Record<
    string,
    unknown
  >;
  const data = emptyData();
  data.productCode = quote.productCode;
  data.state = quote.state ?? text(p.state);
  data.effectiveDate = quote.effectiveDate ?? text(p.effectiveDate).slice(0, 10);
  data.termMonths = text(quote.termMonths ?? p.termMonths) || '12';
  data.companyId = text(getPath(p, 'underwritingCompany.companyId'));
  data.companyName = text(getPath(p, 'underwritingCompany.name'));
  data.firstName = text(getPath(p, 'applicant.firstName') ?? getPath(p, 'insureds.primary.firstName'));
  data.lastName = text(getPath(p, 'applicant.lastName') ?? getPath(p, 'insureds.primary.lastName'));
  data.email = text(getPath(p, 'applicant.email'));
  data.businessName = text(
    getPath(p, 'insureds.primary.displayName') ??
      getPath(p, 'applicant.businessName') ??
      getPath(p, 'risks.0.businessName'),
  );
  if (!ctx) return data;

  for (const def of [...ctx.qualification, ...ctx.shared]) {
    const value = getPath(p, def.path);
    if (value !== undefined) data.answers[def.path] = toRaw(value);
  }
  const risks = Array.isArray(p.risks) ? p.risks : [];
  data.risks = (risks.length ? risks : [{}]).map((risk) => {
    const typed: Record<string, string> = {};
    for (const def of ctx.risk) {
      const value = getPath(risk, def.key);
      if (value !== undefined) typed[def.key] = toRaw(value);
    }
    return typed;
  });
  const lines = Array.isArray(p.coverages) ? (p.coverages as Record<string, unknown>[]) : [];
  for (const c of ctx.config.coverages) {
    const line = lines.find((l) => text(l?.code).toUpperCase() === c.code.toUpperCase());
    if (!line) continue;
    const choice = defaultChoice(c);
    data.coverages[c.code] = {
      selected: line.selected !== false,
      limit: line.limit === undefined ? choice.limit : typedLimit(c) ? toRaw(line.limit) : json(line.limit),
      deductible: line.deductible === undefined ? choice.deductible : json(line.deductible),
      percent: line.percent === undefined ? choice.percent : json(line.percent),
    };
  }
  const deductibles = p.deductibles;
  if (deductibles && typeof deductibles === 'object') {
    for (const [kind, value] of Object.entries(deductibles)) data.deductibles[kind] = json(value);
  }
  return data;
}
