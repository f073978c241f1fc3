// Rows and pages the search tests answer with.
import type { CustomerRow, PolicyRow, Product, QuoteRow } from './columns';

export function page<T>(items: T[], total = items.length, pageNo = 1, pageSize = 20) {
  return { items, total, page: pageNo, pageSize };
}

function product(code: string, name: string): Product {
  return { code, name, version: '1.0.0', description: '', currency: 'USD', riskType: 'x' };
}

export const products: Product[] = [product('personal-auto', 'Personal Auto'), product('cyber', 'Cyber')];

export function policy(n: number, extra: Partial<PolicyRow> = {}): PolicyRow {
  return {
    policyId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    policyNumber: `PC-${1000 + n}`,
    productCode: 'personal-auto',
    status: 'Inforced',
    internalStatus: 'Issued',
    term: { effectiveDate: '2026-01-15', expirationDate: '2027-01-15' },
    termCount: 1,
    insuredName: `Insured ${n}`,
    state: 'CA',
    agentName: null,
    annualPremium: { amount: 1234.5, currency: 'USD' },
    createdAt: '2026-01-10T10:00:00Z',
    updatedAt: '2026-01-10T10:00:00Z',
    updatedBy: 'agent1',
    ...extra,
  };
}

export function policies(count: number, from = 1): PolicyRow[] {
  return Array.from({ length: count }, (_, i) => policy(from + i));
}

export const quote: QuoteRow = {
  quoteId: 'ff1a955e-7015-4d62-ac48-e1d0bd085c7a',
  quoteNumber: 'Q20261128-04CE',
  productCode: 'cyber',
  effectiveDate: '2026-07-01',
  status: 'Rated',
  progressStep: 5,
  totalPremium: 652.47,
  updatedAt: '2026-11-28T00:37:52Z',
  updatedBy: 'agent1',
};

export const customers: CustomerRow[] = [
  {
    customerId: '33af8452-b403-4ea9-b441-1815f64ba98a',
    customerKey: 'CUST-2026-000002',
    entityType: 'INDIVIDUAL',
    status: 'ACTIVE',
    displayName: 'Paula Portal',
    updatedAt: '2026-11-28T00:41:49Z',
  },
  {
    customerId: '610cb953-c6c2-4894-a032-1ae6d8e84744',
    customerKey: 'CUST-2026-000001',
    entityType: 'COMPANY',
    status: 'PENDING_APPROVAL',
    displayName: 'Acme Holdings',
    updatedAt: '2026-11-27T00:37:52Z',
  },
];
