// Referrals as the server returns them, for the queue's tests.
import type { Referral } from './uwApi';

export const QUOTE_ID = '11111111-1111-4111-8111-111111111111';
export const POLICY_ID = '22222222-2222-4222-8222-222222222222';

export function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    referralId: 'aaaaaaaa-0000-4000-8000-000000000001',
    quoteId: QUOTE_ID,
    policyId: null,
    policyNumber: null,
    transactionId: null,
    versionId: null,
    productCode: 'personal-auto',
    insuredName: 'Ada Lovelace',
    effectiveDate: '2026-07-01',
    transactionType: 'NewBusiness',
    status: 'Open',
    priority: 'Normal',
    reasons: ['Driver age under 18 (refer)'],
    assignedTo: null,
    comments: [],
    decision: null,
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    createdBy: '0dfddf92-a9ba-4903-9964-160e679fa8e5',
    createdAt: '2026-06-20T10:00:00Z',
    updatedAt: '2026-06-20T10:00:00Z',
    ...overrides,
  };
}

export const quoteReferral = referral();

export const endorseReferral = referral({
  referralId: 'aaaaaaaa-0000-4000-8000-000000000002',
  quoteId: null,
  policyId: POLICY_ID,
  policyNumber: 'PC-C73DD2E1',
  insuredName: 'Grace Hopper',
  transactionType: 'Endorse',
  effectiveDate: '2027-01-01',
  reasons: ['Annual miles > 35k (refer)', 'Commercial/rideshare use (refer)'],
  assignedTo: '00000000-0000-4000-8000-000000000001',
});

export function page(items: Referral[], total = items.length) {
  return { items, total, page: 1, pageSize: 20 };
}
