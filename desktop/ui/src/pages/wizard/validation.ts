// Step checks before Next, and the server's field errors mapped onto the wizard's fields.
import { ApiError } from '../../api/client';
import { checkValue, isDate } from './fields';
import { choiceOf, typedLimit } from './payload';
import {
  BIND,
  COVERAGES,
  INSUREDS,
  PRODUCT,
  QUALIFICATION,
  RATING,
  RISK,
  STEPS,
  type Errors,
  type ProductCtx,
  type UnderwritingCompany,
  type WizardData,
} from './wizardTypes';

export interface StepContext {
  ctx: ProductCtx | null;
  companies: UnderwritingCompany[];
  /** A rating of the current payload exists. */
  rated: boolean;
}

export function riskKey(index: number, key: string) {
  return `risks.${index}.${key}`;
}

/** The problems that keep `step` from being left forward (empty when it is complete). */
export function validateStep(step: number, data: WizardData, s: StepContext): Errors {
  const errors: Errors = {};
  const { ctx } = s;
  const need = (key: string, value: string, message: string) => {
    if (!value.trim()) errors[key] = message;
  };
  switch (step) {
    case PRODUCT:
      need('productCode', data.productCode, 'Choose a product.');
      need('state', data.state, 'Choose a state.');
      if (!data.effectiveDate.trim()) errors.effectiveDate = 'Enter the effective date.';
      else if (!isDate(data.effectiveDate)) errors.effectiveDate = 'Enter a valid date.';
      if (!['6', '12'].includes(data.termMonths)) errors.termMonths = 'Choose a term.';
      if (s.companies.length > 0) need('companyId', data.companyId, 'Choose an underwriting company.');
      if (data.productCode && !ctx) errors.productCode = 'Wait for the product details to load.';
      break;
    case QUALIFICATION:
      for (const def of ctx?.qualification ?? []) {
        const text = (data.answers[def.path] ?? '').trim();
        if (!text) errors[def.path] = 'Answer this question.';
      }
      break;
    case INSUREDS:
      if (ctx?.commercial) {
        need('insureds.primary.displayName', data.businessName, 'Business name is required.');
      } else {
        need('applicant.firstName', data.firstName, 'First name is required.');
        need('applicant.lastName', data.lastName, 'Last name is required.');
      }
      if (data.email.trim() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(data.email.trim())) {
        errors['applicant.email'] = 'Enter a valid email address.';
      }
      break;
    case RISK:
      for (const def of ctx?.shared ?? []) {
        const problem = checkValue(def, data.answers[def.path]);
        if (problem) errors[def.path] = problem;
      }
      (ctx?.multiRisk ? data.risks : data.risks.slice(0, 1)).forEach((typed, i) => {
        for (const def of ctx?.risk ?? []) {
          const problem = checkValue(def, typed[def.key]);
          if (problem) errors[riskKey(i, def.key)] = problem;
        }
      });
      break;
    case COVERAGES: {
      const coverages = ctx?.config.coverages ?? [];
      const chosen = coverages.filter((c) => !c.selectable || choiceOf(data, c).selected);
      if (coverages.length > 0 && chosen.length === 0) errors.coverages = 'Select at least one coverage.';
      for (const c of chosen) {
        const choice = choiceOf(data, c);
        if (typedLimit(c)) {
          const n = Number(choice.limit);
          if (!choice.limit.trim()) errors[`coverages.${c.code}.limit`] = `Enter the ${c.name} limit.`;
          else if (!Number.isFinite(n) || n <= 0) {
            errors[`coverages.${c.code}.limit`] = 'Enter an amount greater than zero.';
          }
        }
      }
      break;
    }
    case RATING:
      if (!s.rated) errors.rating = 'Rate the quote before you continue.';
      break;
    default:
      break;
  }
  return errors;
}

/** The step a field key belongs to (-1: the quote as a whole). */
export function stepOf(key: string, ctx: ProductCtx | null): number {
  if (key === 'form') return -1;
  if (['productCode', 'state', 'effectiveDate', 'termMonths', 'companyId'].includes(key)) return PRODUCT;
  if (ctx?.qualification.some((d) => d.path === key)) return QUALIFICATION;
  if (key.startsWith('applicant') || key.startsWith('insureds')) return INSUREDS;
  if (key.startsWith('coverages') || key.startsWith('deductibles')) return COVERAGES;
  if (key === 'rating') return RATING;
  if (key === 'bind') return BIND;
  return RISK;
}

export function stepName(step: number) {
  return STEPS[step] ?? '';
}

/** A readable name for a field key. */
export function labelOf(key: string, ctx: ProductCtx | null): string {
  const fixed: Record<string, string> = {
    productCode: 'Product',
    state: 'State',
    effectiveDate: 'Effective date',
    termMonths: 'Term',
    companyId: 'Underwriting company',
    'applicant.firstName': ctx?.commercial ? 'Contact first name' : 'First name',
    'applicant.lastName': ctx?.commercial ? 'Contact last name' : 'Last name',
    'applicant.email': 'Email',
    'insureds.primary.displayName': 'Business name',
    coverages: 'Coverages',
    form: 'Quote',
  };
  if (fixed[key]) return fixed[key];
  const shared = [...(ctx?.qualification ?? []), ...(ctx?.shared ?? [])].find((d) => d.path === key);
  if (shared) return shared.label;
  const risk = /^risks\.(\d+)\.(.+)$/.exec(key);
  if (risk) {
    const def = ctx?.risk.find((d) => d.key === risk[2]);
    const label = def?.label ?? risk[2];
    return ctx?.multiRisk ? `Vehicle ${Number(risk[1]) + 1}: ${label}` : label;
  }
  const coverage = /^coverages\.([^.]+)(?:\.(\w+))?$/.exec(key);
  if (coverage) {
    const c = ctx?.config.coverages.find((x) => x.code === coverage[1]);
    return [c?.name ?? coverage[1], coverage[2]].filter(Boolean).join(' ');
  }
  return key;
}

type Violation = { path?: unknown; keyword?: unknown; message?: unknown };

function pointerToKey(pointer: string, ctx: ProductCtx | null): string {
  const parts = pointer.replace(/^\//, '').split('/').filter(Boolean);
  if (parts[0] === 'coverages' && /^\d+$/.test(parts[1] ?? '')) {
    const code = ctx?.config.coverages[Number(parts[1])]?.code ?? parts[1];
    return ['coverages', code, ...parts.slice(2)].join('.');
  }
  return parts.join('.') || 'form';
}

/** The server's per-field problems (422 `fieldErrors` or contract `errors`), by wizard key. */
export function serverErrors(error: unknown, ctx: ProductCtx | null): Errors {
  const found: Errors = {};
  if (!(error instanceof ApiError)) return found;
  if (error.code === 'STATE_NOT_ELIGIBLE') found.state = error.message;
  const details = (error.details ?? {}) as { fieldErrors?: unknown; errors?: unknown };
  if (details.fieldErrors && typeof details.fieldErrors === 'object') {
    for (const [field, messages] of Object.entries(details.fieldErrors as Record<string, unknown>)) {
      const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      const key = field === 'payload' ? 'form' : field.includes('/') ? pointerToKey(field, ctx) : field;
      found[key] = sentence(list.join('; '));
    }
  }
  if (Array.isArray(details.errors)) {
    for (const v of details.errors as Violation[]) {
      let key = pointerToKey(String(v.path ?? ''), ctx);
      const message = String(v.message ?? 'is not valid');
      const missing = v.keyword === 'required' ? /"([^"]+)"/.exec(message) : null;
      if (missing) key = key === 'form' ? missing[1] : `${key}.${missing[1]}`;
      found[key] = found[key] ?? sentence(message);
    }
  }
  return found;
}

function sentence(text: string) {
  const t = text.trim();
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : t;
}
