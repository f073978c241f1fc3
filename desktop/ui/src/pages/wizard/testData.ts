// Wizard test fixtures, in the shapes the live server answers with (personal auto, Nov 2026).
import type { Seen } from '../../test/render';
import type { ProductConfig, QuoteView } from './wizardTypes';

export const products = {
  items: [
    {
      code: 'personal-auto',
      name: 'Personal Auto',
      version: '1.0.0',
      description: 'Private passenger auto: liability and physical damage for one vehicle.',
      currency: 'USD',
      riskType: 'autoVehicle',
    },
    {
      code: 'commercial-auto',
      name: 'Commercial Auto',
      version: '1.0.0',
      description: 'Business auto fleets.',
      currency: 'USD',
      riskType: 'commercialAutoFleet',
    },
  ],
  page: 1,
  pageSize: 2,
  total: 2,
};

export const paConfig: ProductConfig = {
  product: 'personal-auto',
  name: 'Personal Auto',
  version: '1.0.0',
  currency: 'USD',
  coverages: [
    { code: 'BI', name: 'Bodily Injury Liability', selectable: true, limits: ['25000/50000', '50000/100000', '100000/300000'] },
    { code: 'PD', name: 'Property Damage Liability', selectable: true, limits: [10000, 25000, 50000] },
    { code: 'COMP', name: 'Comprehensive', selectable: true, deductibles: [250, 500, 1000] },
    { code: 'COLL', name: 'Collision', selectable: true, deductibles: [250, 500, 1000] },
  ],
  deductibles: {},
  ratingKeys: ['territory', 'driverAge', 'vehicleSymbol'],
  availability: null,
  riskType: 'autoVehicle',
};

export const paForm = {
  fields: [
    { key: 'garagingZip', label: 'Garaging ZIP', type: 'text', path: 'risks.0.garagingZip', required: true, help: '5-digit ZIP' },
    { key: 'driverAge', label: 'Driver age', type: 'number', path: 'uwAnswers.driverAge', required: true },
    { key: 'symbol', label: 'Vehicle symbol', type: 'select', path: 'risks.0.symbol', required: false, options: ['A', 'B', 'C'] },
    { key: 'year', label: 'Year', type: 'number', path: 'risks.0.year', required: true },
    { key: 'make', label: 'Make', type: 'text', path: 'risks.0.make', required: true },
    { key: 'model', label: 'Model', type: 'text', path: 'risks.0.model', required: true },
    { key: 'usage', label: 'Usage', type: 'select', path: 'risks.0.usage', required: true, options: ['pleasure', 'commute', 'business'] },
    { key: 'annualMiles', label: 'Annual miles', type: 'number', path: 'risks.0.annualMiles', required: true },
  ],
};

export const paMeta = {
  fields: paForm.fields.map((f, i) => ({
    path: f.path,
    label: f.label,
    required: f.required,
    type: f.type === 'select' ? 'enum' : f.type === 'text' ? 'string' : 'number',
    ...(f.options ? { enum: f.options } : {}),
    ...(f.help ? { help: f.help } : {}),
    ui: { group: 'Personal Auto', order: (i + 1) * 10 },
  })),
};

export const noCompanies = { items: [], page: 1, pageSize: 0, total: 0 };

export const premium = {
  byCoverage: [
    { code: 'BI', selected: true, limit: '25000/50000', amount: { amount: 158.27, currency: 'USD' } },
    { code: 'PD', selected: true, limit: 10000, amount: { amount: 93.1, currency: 'USD' } },
    { code: 'COMP', selected: true, deductible: 250, amount: { amount: 131.66, currency: 'USD' } },
    { code: 'COLL', selected: true, deductible: 250, amount: { amount: 171.16, currency: 'USD' } },
  ],
  fees: { amount: 25, currency: 'USD' },
  taxes: { amount: 17.31, currency: 'USD' },
  total: { amount: 596.5, currency: 'USD' },
  calcTrace: {
    source: 'pack:personal-auto@1.0.0',
    productCode: 'personal-auto',
    productVersion: '1.0.0',
    base: 500,
    factors: [
      { name: 'territory', input: '73301', matched: '73301', factor: 0.95 },
      { name: 'driverAge', input: 35, matched: '<65', factor: 0.98 },
      { name: 'vehicleSymbol', input: null, matched: null, factor: 1 },
    ],
    adjustedBase: 465.5,
    coverages: [
      { code: 'BI', resolved: 'BI', weight: 0.34, curves: [{ kind: 'sqrt_ratio', of: 'limit', value: 25000, factor: 1 }], amount: 158.27 },
      { code: 'PD', resolved: 'PD', weight: 0.2, curves: [{ kind: 'sqrt_ratio', of: 'limit', value: 10000, factor: 1 }], amount: 93.1 },
      { code: 'COMP', resolved: 'COMP', weight: 0.2, curves: [{ kind: 'inverse_sqrt', of: 'deductible', value: 250, factor: 1.4142 }], amount: 131.66 },
      { code: 'COLL', resolved: 'COLL', weight: 0.26, curves: [{ kind: 'inverse_sqrt', of: 'deductible', value: 250, factor: 1.4142 }], amount: 171.16 },
    ],
    subtotal: 554.19,
    fee: 25,
    taxRate: 0.03,
  },
};

/** A complete personal-auto payload as the wizard sends it (driver age 35: Eligible). */
export const paPayload = {
  productCode: 'personal-auto',
  effectiveDate: '2026-12-01',
  termMonths: 12,
  state: 'TX',
  applicant: { firstName: 'Alex', lastName: 'Rivera' },
  insureds: { primary: { firstName: 'Alex', lastName: 'Rivera' } },
  uwAnswers: { driverAge: 35 },
  risks: [
    { type: 'autoVehicle', garagingZip: '73301', year: 2022, make: 'Toyota', model: 'Camry', usage: 'commute', annualMiles: 12000 },
  ],
  coverages: [
    { code: 'BI', selected: true, limit: '25000/50000' },
    { code: 'PD', selected: true, limit: 10000 },
    { code: 'COMP', selected: true, deductible: 250 },
    { code: 'COLL', selected: true, deductible: 250 },
  ],
};

export function quoteView(over: Partial<QuoteView> = {}): QuoteView {
  return {
    quoteId: 'q1',
    quoteNumber: 'Q20261128-0001',
    productCode: 'personal-auto',
    effectiveDate: '2026-12-01',
    termMonths: 12,
    state: 'TX',
    payload: {},
    underwriting: null,
    premium: null,
    status: 'Draft',
    progressStep: 1,
    ratedAt: null,
    expiresAt: null,
    convertedPolicyId: null,
    statusHistory: [],
    stepHistory: [],
    createdAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-28T10:00:00Z',
    updatedBy: 'agent1',
    ...over,
  };
}

export function ratedView(decision: 'Eligible' | 'Refer' | 'Decline', reasons: string[] = []) {
  return quoteView({
    status: 'Rated',
    progressStep: 5,
    payload: paPayload,
    premium,
    underwriting: { decision, reasons },
    ratedAt: '2026-11-28T10:05:00Z',
  });
}

/** The routes every wizard test needs: the catalog, drafts and no underwriting companies. */
export function baseRoutes(): Record<string, unknown> {
  return {
    'GET /api/v1/products': products,
    'GET /api/v1/products/personal-auto/config': paConfig,
    'GET /api/v1/products/personal-auto/form': paForm,
    'GET /api/v1/products/personal-auto/field-meta': paMeta,
    'GET /api/v1/underwriting-companies': noCompanies,
    'POST /api/v1/quotes/draft': (req: Seen) =>
      quoteView({ progressStep: (req.body as { progressStep: number }).progressStep }),
    'PATCH /api/v1/quotes/q1/draft': (req: Seen) =>
      quoteView({ progressStep: (req.body as { progressStep: number }).progressStep }),
  };
}
