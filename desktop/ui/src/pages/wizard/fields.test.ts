// The wizard's pure parts: fields merged from form and metadata, payloads built and read
// back, step checks, and server errors mapped onto fields.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { buildFields, checkValue, productCtx } from './fields';
import { buildPayload, dataFromQuote, emptyData } from './payload';
import { paConfig, paForm, paMeta, paPayload, products, quoteView } from './testData';
import { serverErrors, validateStep } from './validation';
import { RISK, type ProductConfig } from './wizardTypes';

const homeownersForm = [
  { key: 'construction', label: 'Construction', type: 'select', path: 'risks.0.construction', required: true, options: ['frame', 'masonry', 'other'] },
  { key: 'address', label: 'Address', type: 'text', path: 'risks.0.address', required: true },
  { key: 'yearBuilt', label: 'Year built', type: 'number', path: 'risks.0.yearBuilt', required: true },
  { key: 'fireAlarm', label: 'Fire alarm', type: 'select', path: 'risks.0.fireAlarm', required: false, options: ['true', 'false'] },
];
const homeownersMeta = [
  { path: 'risks.0.construction', type: 'enum', enum: ['frame', 'masonry', 'other'], required: true, visibleTo: ['Agent', 'Underwriter'], ui: { group: 'Dwelling', order: 110 } },
  { path: 'risks.0.yearBuilt', type: 'int', required: true, validation: { message: 'Enter valid year (1800..current)' }, ui: { group: 'Dwelling', order: 120 } },
  { path: 'risks.0.fireAlarm', type: 'bool', required: false, ui: { group: 'Credits', order: 210 } },
  { path: 'risks.0.secret', type: 'string', visibleTo: ['Underwriter'], ui: { group: 'Dwelling', order: 300 } },
];

const paCtx = () => productCtx(products.items[0], paConfig, paForm.fields, paMeta.fields, ['agent']);

describe('buildFields', () => {
  it('takes labels from the form and types, groups and order from the metadata', () => {
    const fields = buildFields(homeownersForm, homeownersMeta, ['agent'], 'Homeowners');
    const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
    expect(byKey.yearBuilt).toMatchObject({ label: 'Year built', kind: 'integer', group: 'Dwelling', message: 'Enter valid year (1800..current)' });
    expect(byKey.fireAlarm).toMatchObject({ label: 'Fire alarm', kind: 'boolean', group: 'Credits' });
    expect(byKey.address).toMatchObject({ label: 'Address', kind: 'text', required: true, scope: 'risk' });
    expect(byKey.secret).toBeUndefined();
    expect(buildFields(homeownersForm, homeownersMeta, ['underwriter'], 'Homeowners').some((f) => f.key === 'secret')).toBe(true);
    expect(checkValue(byKey.yearBuilt, '1999.5')).toBe('Enter valid year (1800..current)');
  });

  it('puts non-risk fields (driver age) apart from the vehicle fields', () => {
    const ctx = paCtx();
    expect(ctx.shared.map((f) => f.path)).toEqual(['uwAnswers.driverAge']);
    expect(ctx.risk.map((f) => f.key)).toEqual(['garagingZip', 'symbol', 'year', 'make', 'model', 'usage', 'annualMiles']);
    expect(ctx.commercial).toBe(false);
    expect(ctx.multiRisk).toBe(true);
    expect(ctx.states).toHaveLength(50);
  });
});

describe('payloads', () => {
  it('round-trips a saved personal auto quote', () => {
    const ctx = paCtx();
    const data = dataFromQuote(quoteView({ payload: paPayload }), ctx);
    expect(data.risks[0]).toMatchObject({ year: '2022', make: 'Toyota' });
    expect(buildPayload(data, ctx)).toEqual(paPayload);
  });

  it('names a business for commercial lines, on the insured and on the risk', () => {
    const config: ProductConfig = { ...paConfig, product: 'commercial-auto', name: 'Commercial Auto', riskType: 'commercialAutoFleet', coverages: [] };
    const form = [
      { key: 'businessName', label: 'Business name', type: 'text', path: 'risks.0.businessName', required: false },
      { key: 'vehicleCount', label: 'Vehicles', type: 'number', path: 'risks.0.vehicleCount', required: true },
    ];
    const ctx = productCtx(products.items[1], config, form, [], ['agent']);
    expect(ctx.commercial).toBe(true);
    expect(ctx.risk.map((f) => f.key)).toEqual(['vehicleCount']);
    const data = { ...emptyData(), productCode: 'commercial-auto', businessName: 'Acme Haulage', risks: [{ vehicleCount: '12' }] };
    const payload = buildPayload(data, ctx);
    expect(payload.insureds).toEqual({ primary: { displayName: 'Acme Haulage' } });
    expect(payload.applicant).toEqual({ firstName: '', lastName: '', businessName: 'Acme Haulage' });
    expect(payload.risks).toEqual([{ type: 'commercialAutoFleet', vehicleCount: 12, businessName: 'Acme Haulage' }]);
    expect(validateStep(2, { ...data, businessName: '' }, { ctx, companies: [], rated: false })).toEqual({
      'insureds.primary.displayName': 'Business name is required.',
    });
  });
});

describe('validation', () => {
  it('checks numbers on the risk step', () => {
    const data = { ...dataFromQuote(quoteView({ payload: paPayload }), paCtx()) };
    data.risks = [{ ...data.risks[0], annualMiles: 'lots' }];
    expect(validateStep(RISK, data, { ctx: paCtx(), companies: [], rated: false })).toEqual({
      'risks.0.annualMiles': 'Annual miles must be a number.',
    });
  });

  it('maps contract, field and eligibility errors to wizard keys', () => {
    const ctx = paCtx();
    const contract = new ApiError(422, {
      code: 'INVALID_QUOTE',
      message: 'bad',
      details: {
        errors: [
          { path: '/coverages/1/limit', keyword: 'type', message: 'wrong' },
          { path: '/risks/0', keyword: 'required', message: '"make" is a required property' },
          { path: '/applicant', keyword: 'required', message: '"firstName" is a required property' },
        ],
      },
    });
    expect(serverErrors(contract, ctx)).toEqual({
      'coverages.PD.limit': 'Wrong',
      'risks.0.make': '"make" is a required property',
      'applicant.firstName': '"firstName" is a required property',
    });
    const fields = new ApiError(422, {
      code: 'VALIDATION_ERROR',
      message: 'Validation failed',
      details: { fieldErrors: { productCode: ['unknown product x'] } },
    });
    expect(serverErrors(fields, ctx)).toEqual({ productCode: 'Unknown product x' });
    const state = new ApiError(400, { code: 'STATE_NOT_ELIGIBLE', message: "Product 'personal-auto' is not configured for state 'DC'." });
    expect(serverErrors(state, ctx).state).toMatch(/not configured/);
  });
});
