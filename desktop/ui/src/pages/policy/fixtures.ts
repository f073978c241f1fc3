// Test data for the policy view: an issued personal-auto policy whose term contains today,
// shaped like the live server's answers, and the routes that serve it.
import type { Reply } from '../../test/render';
import type { DocumentItem, PolicyState, PolicyView, TimelineView } from './policyApi';
import { addDays, todayIso } from './policyApi';

export const ID = 'p1';
export const BASE = `/api/v1/policies/${ID}`;
export const today = todayIso();
export const termStart = addDays(today, -30);
export const termEnd = addDays(termStart, 365);
export const endorseDate = addDays(today, 10);

const usd = (amount: number) => ({ amount, currency: 'USD' });
const premium = (total: number) => ({
  byCoverage: [],
  fees: usd(25),
  taxes: usd(14.33),
  total: usd(total),
});

export const payload = {
  productCode: 'personal-auto',
  effectiveDate: termStart,
  termMonths: 12,
  state: 'CA',
  applicant: { firstName: 'Ada', lastName: 'Lovelace' },
  uwAnswers: { driverAge: 35 },
  risks: [
    {
      type: 'autoVehicle',
      year: 2022,
      make: 'Subaru',
      model: 'Outback',
      garagingZip: '94105',
      symbol: 'A',
      annualMiles: 9000,
    },
  ],
  coverages: [
    { code: 'BI', selected: true, limit: 100000 },
    { code: 'PD', selected: true, limit: 50000 },
  ],
};

function version(seq: number, type: string, number: string, effectiveDate: string, total: number) {
  return {
    versionId: `v-${number}`,
    transactionId: `t-${number}`,
    effectiveDate,
    policyEffectiveDate: termStart,
    expirationDate: termEnd,
    createdDate: `${today}T10:00:00Z`,
    processedDate: `${today}T10:00:0${seq}Z`,
    updatedUser: 'agent1',
    transactionType: type,
    transactionNumber: number,
    uwDecision: 'Eligible',
    uwOverride: false,
    premium: premium(total),
  };
}

export function policy(overrides: Partial<PolicyView> = {}): PolicyView {
  return {
    policyId: ID,
    policyNumber: 'PC-C73DD2E1',
    tenantId: 'sample-carrier',
    productCode: 'personal-auto',
    productVersion: '1.0.0',
    status: 'Inforced',
    internalStatus: 'Issued',
    term: { effectiveDate: termStart, expirationDate: termEnd },
    termMonths: 12,
    termCount: 1,
    state: 'CA',
    insuredName: 'Ada Lovelace',
    customer: null,
    premium: premium(652.47),
    lifecycle: {},
    metadata: {},
    versions: [
      version(1, 'NB', 'NB-20261128-6CEC', termStart, 516.93),
      version(2, 'ENDORSE', 'EN-20261128-GEEB', addDays(termStart, 20), 122.91),
    ],
    createdAt: `${today}T10:00:00Z`,
    updatedAt: `${today}T10:00:00Z`,
    updatedBy: 'agent1',
    ...overrides,
  };
}

/** A cancelled policy (cancellation effective `cancelledOn`). */
export function cancelledPolicy(cancelledOn = addDays(today, 5)): PolicyView {
  const base = policy({ status: 'Cancelled', internalStatus: 'Cancelled' });
  return {
    ...base,
    versions: [...base.versions, version(3, 'CANCEL', 'CN-20261128-TXIG', cancelledOn, -267.51)],
  };
}

export function timeline(): TimelineView {
  const tx = (type: string, number: string, effectiveDate: string, total: number) => ({
    transactionId: `t-${number}`,
    transactionNumber: number,
    type,
    status: 'Issued',
    effectiveDate,
    createdAt: `${today}T10:00:00Z`,
    createdBy: 'agent1',
    rating: { total: usd(total) },
    uw: { decision: 'Eligible', reasons: [] },
  });
  return {
    policyId: ID,
    policyNumber: 'PC-C73DD2E1',
    productCode: 'personal-auto',
    status: 'Issued',
    termEffectiveDate: termStart,
    termExpirationDate: termEnd,
    currencyCode: 'USD',
    transactions: [
      tx('NB', 'NB-20261128-6CEC', termStart, 516.93),
      tx('ENDORSE', 'EN-20261128-GEEB', addDays(termStart, 20), 122.91),
    ],
    ledger: [],
    documents: [],
  };
}

export function state(asOf = today): PolicyState {
  const second = addDays(termStart, 20);
  const early = asOf < second;
  return {
    policyId: ID,
    policyNumber: 'PC-C73DD2E1',
    asOf,
    timelineVersion: 2,
    segmentStart: early ? termStart : second,
    segmentEnd: early ? addDays(second, -1) : addDays(termEnd, -1),
    inForce: true,
    payload,
    premium: premium(early ? 516.93 : 652.47),
  };
}

export const documents: DocumentItem[] = [
  {
    documentId: 'd1',
    type: 'POLICY_PACKET',
    displayName: 'Policy Document Packet NB-20261128-6CEC',
    transactionId: 't-NB-20261128-6CEC',
    transactionType: 'NB',
    transactionNumber: 'NB-20261128-6CEC',
    contentHash: 'abc',
    contentType: 'application/pdf',
    byteSize: 4321,
    customerSafe: true,
    generatedAt: `${today}T10:00:00Z`,
  },
  {
    documentId: 'd2',
    type: 'RATING_WORKSHEET',
    displayName: 'Rating Worksheet NB-20261128-6CEC',
    transactionId: 't-NB-20261128-6CEC',
    transactionType: null,
    transactionNumber: 'NB-20261128-6CEC',
    contentHash: 'def',
    contentType: null,
    byteSize: null,
    customerSafe: false,
    generatedAt: `${today}T10:00:00Z`,
  },
];

/** The routes the page reads, for a policy (an issued one unless given). */
export function readRoutes(p: PolicyView = policy()): Record<string, Reply> {
  return {
    [`GET ${BASE}`]: p,
    [`GET ${BASE}/timeline`]: timeline(),
    [`GET ${BASE}/state`]: (req: { url: string }) =>
      state(new URL(req.url, 'http://x').searchParams.get('asOf') ?? today),
    [`GET ${BASE}/documents`]: { documents },
  };
}
