// Portal answers as the server gives them, for the portal's tests.
import type { PortalDocument, PortalPolicyDetail, PortalSummary } from './portalApi';

export const POLICY_ID = '15f0f7f3-3930-4fbe-8486-d7166d1b94fa';
const term = { effectiveDate: '2026-12-15', expirationDate: '2027-12-15' };
const usd = (amount: number) => ({ amount, currency: 'USD' });

const policy = {
  policyId: POLICY_ID,
  policyNumber: 'PC-15F0F7F3',
  productCode: 'personal-auto',
  status: 'Issued',
  term,
  premium: usd(516.93),
  createdAt: '2026-11-28T00:41:49Z',
  updatedAt: '2026-11-28T00:41:49Z',
};

export const summary: PortalSummary = {
  customer: {
    customerId: '33af8452-b403-4ea9-b441-1815f64ba98a',
    customerKey: 'CUST-2026-000002',
    customerName: 'Paula Portal',
    entityType: 'INDIVIDUAL',
  },
  policies: [
    policy,
    {
      ...policy,
      policyId: '25f0f7f3-3930-4fbe-8486-d7166d1b94fb',
      policyNumber: 'PH-00000002',
      productCode: 'homeowners',
      status: 'Cancelled',
      premium: usd(1200),
    },
  ],
};

export const detail: PortalPolicyDetail = {
  policy,
  declarations: {
    policyNumber: 'PC-15F0F7F3',
    productCode: 'personal-auto',
    productName: 'Personal Auto',
    status: 'Issued',
    namedInsured: 'Paula Portal',
    customerKey: 'CUST-2026-000002',
    term,
    premium: usd(516.93),
    fees: usd(25),
    taxes: usd(14.33),
    transaction: {
      versionId: 'c7de785a-5c42-40b4-814c-51e5f64e50c9',
      transactionNumber: 'NB-20261128-7XS3',
      transactionType: 'NB',
      transactionEffectiveDate: '2026-12-15',
      processedAt: '2026-11-28T00:41:49Z',
    },
    coverages: [
      {
        code: 'BI',
        label: 'Bodily Injury Liability',
        selected: true,
        limit: '100000/300000' as never,
        deductible: null,
        percent: null,
        premium: usd(300.71),
      },
      {
        code: 'COLL',
        label: 'Collision',
        selected: true,
        limit: null,
        deductible: 500 as never,
        percent: null,
        premium: usd(176.89),
      },
    ],
  },
  idCard: {
    available: true,
    policyNumber: 'PC-15F0F7F3',
    namedInsured: 'Paula Portal',
    term,
    vehicles: [{ index: 1, year: '2022', make: 'Subaru', model: 'Outback', vin: 'JF2SKAEC1NH000001' }],
    state: 'CA',
  },
};

function packet(id: string, number: string, generatedAt: string, type = 'NB'): PortalDocument {
  return {
    documentId: id,
    displayName: `Policy Document Packet ${number}`,
    type: 'POLICY_PACKET',
    generatedAt,
    transactionType: type,
    transactionNumber: number,
    contentId: 'a'.repeat(64),
    byteSize: 4363,
  };
}

export const NB_PACKET = '39be75f9-a1b3-4bf4-ad09-3ae6d67fb245';
export const ENDORSE_PACKET = '49be75f9-a1b3-4bf4-ad09-3ae6d67fb246';

export const documents = {
  documents: [
    packet(NB_PACKET, 'NB-20261128-7XS3', '2026-11-28T00:41:49Z'),
    packet(ENDORSE_PACKET, 'EN-20261201-0001', '2026-12-01T10:00:00Z', 'ENDORSE'),
  ],
};
