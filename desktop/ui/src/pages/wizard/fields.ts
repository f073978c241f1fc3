// The product's entry fields: the form and the field metadata merged, values read, written
// and checked by payload path.
import type { FieldDef, FieldKind, FormField, ProductConfig, ProductCtx, ProductSummary } from './wizardTypes';

type Meta = {
  path?: unknown;
  type?: unknown;
  required?: unknown;
  label?: unknown;
  enum?: unknown;
  help?: unknown;
  ui?: { group?: unknown; order?: unknown };
  validation?: { message?: unknown };
  visibleTo?: unknown;
  editableBy?: unknown;
};

const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California',
  CO: 'Colorado', CT: 'Connecticut', DE: 'Delaware', DC: 'District of Columbia',
  FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana',
  IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri',
  MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey',
  NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio',
  OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island',
  SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin',
  WY: 'Wyoming',
};

export function stateName(code: string): string {
  return US_STATES[code] ?? code;
}

const COMMERCIAL = /commercial|business|cyber|professional|liabilityprofile|fleet/i;

/** "annualMiles" → "Annual miles". */
export function humanize(key: string): string {
  const words = key
    .split('.')
    .pop()!
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindOf(metaType: unknown, formType: string | undefined): FieldKind {
  switch (typeof metaType === 'string' ? metaType.toLowerCase() : formType?.toLowerCase()) {
    case 'number':
    case 'decimal':
    case 'float':
    case 'money':
      return 'number';
    case 'int':
    case 'integer':
      return 'integer';
    case 'enum':
    case 'select':
      return 'select';
    case 'bool':
    case 'boolean':
    case 'checkbox':
      return 'boolean';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

function allows(list: unknown, roles: string[]): boolean {
  if (!Array.isArray(list)) return true;
  const mine = roles.map((r) => r.toLowerCase());
  if (mine.includes('admin')) return true;
  return list.some((r) => typeof r === 'string' && mine.includes(r.toLowerCase()));
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);

/** Merges the form and the field metadata (metadata wins), dropping fields the roles may not see. */
export function buildFields(
  form: FormField[],
  meta: unknown[],
  roles: string[],
  productName: string,
): FieldDef[] {
  const byPath = new Map<string, { form?: FormField; meta?: Meta; index: number }>();
  form.forEach((f, index) => byPath.set(f.path, { form: f, index }));
  meta.forEach((m, index) => {
    if (!m || typeof m !== 'object' || typeof (m as Meta).path !== 'string') return;
    const path = (m as Meta).path as string;
    const found = byPath.get(path);
    byPath.set(path, { form: found?.form, meta: m as Meta, index: found?.index ?? form.length + index });
  });
  const fields: FieldDef[] = [];
  for (const [path, { form: f, meta: m, index }] of byPath) {
    if (m && !allows(m.visibleTo, roles)) continue;
    const parts = path.split('.');
    const isRisk = parts[0] === 'risks' && /^\d+$/.test(parts[1] ?? '') && parts.length > 2;
    const key = isRisk ? parts.slice(2).join('.') : path;
    const group = str(m?.ui?.group) ?? str(f?.group) ?? productName;
    const options = Array.isArray(m?.enum) ? m.enum.map(String) : (f?.options ?? []);
    const kind = kindOf(m?.type, f?.type);
    fields.push({
      path,
      key,
      label: str(m?.label) ?? str(f?.label) ?? humanize(key),
      kind: kind === 'text' && options.length > 0 ? 'select' : kind,
      required: typeof m?.required === 'boolean' ? m.required : (f?.required ?? false),
      options,
      help: str(m?.help) ?? str(f?.help) ?? undefined,
      message: str(m?.validation?.message),
      group,
      order: typeof m?.ui?.order === 'number' ? m.ui.order : (index + 1) * 10,
      readOnly: m ? !allows(m.editableBy, roles) : false,
      scope: /qualif|eligib/i.test(group) || parts[0] === 'qualification'
        ? 'qualification'
        : isRisk
          ? 'risk'
          : 'shared',
    });
  }
  return fields.sort((a, b) => a.order - b.order);
}

/** Everything the wizard needs about one product. */
export function productCtx(
  summary: ProductSummary,
  config: ProductConfig,
  form: FormField[],
  meta: unknown[],
  roles: string[],
): ProductCtx {
  const fields = buildFields(form, meta, roles, summary.name);
  const hasBusinessName = fields.some((f) => f.scope === 'risk' && f.key === 'businessName');
  const commercial =
    hasBusinessName || COMMERCIAL.test(`${summary.code} ${summary.name} ${config.riskType}`);
  return {
    summary,
    config,
    qualification: fields.filter((f) => f.scope === 'qualification'),
    shared: fields.filter((f) => f.scope === 'shared'),
    // The business name is asked once, on the Insureds step.
    risk: fields.filter((f) => f.scope === 'risk' && !(commercial && f.key === 'businessName')),
    commercial,
    riskBusinessName: commercial && hasBusinessName,
    multiRisk: config.riskType === 'autoVehicle',
    country: config.availability?.country ?? 'US',
    states: config.availability?.states?.length
      ? config.availability.states
      : Object.keys(US_STATES).filter((s) => s !== 'DC'),
  };
}

/** The value at a dotted path. */
export function getPath(source: unknown, path: string): unknown {
  let at: unknown = source;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Sets a value at a dotted path, creating objects (and arrays for numeric parts). */
export function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let at: Record<string, unknown> = target;
  parts.slice(0, -1).forEach((part, i) => {
    if (at[part] === null || typeof at[part] !== 'object') {
      at[part] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    }
    at = at[part] as Record<string, unknown>;
  });
  at[parts[parts.length - 1]] = value;
}

/** The payload value of typed text; `undefined` when nothing was typed. */
export function coerce(def: FieldDef, raw: string | undefined): unknown {
  const text = (raw ?? '').trim();
  if (text === '') return undefined;
  switch (def.kind) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

/** Payload value back to text for an input. */
export function toRaw(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(text: string): boolean {
  return DATE.test(text) && !Number.isNaN(new Date(`${text}T00:00:00`).getTime());
}

/** Why typed text does not fit the field, or undefined. */
export function checkValue(def: FieldDef, raw: string | undefined): string | undefined {
  const text = (raw ?? '').trim();
  if (text === '') return def.required ? `${def.label} is required.` : undefined;
  if (def.kind === 'number' && !Number.isFinite(Number(text))) {
    return def.message ?? `${def.label} must be a number.`;
  }
  if (def.kind === 'integer' && !Number.isInteger(Number(text))) {
    return def.message ?? `${def.label} must be a whole number.`;
  }
  if (def.kind === 'date' && !isDate(text)) return `${def.label} must be a date.`;
  if (def.kind === 'select' && def.options.length > 0 && !def.options.includes(text)) {
    return `Choose a ${def.label.toLowerCase()}.`;
  }
  return undefined;
}
