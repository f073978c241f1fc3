// The customer portal's API calls and display rules: the signed-in customer's policies,
// one policy's declarations and ID card, its documents, and document downloads.
import { api } from '../../api/client';
import type { Schemas } from '../../api/types';
import { slug } from '../../components/download';

export type PortalSummary = Schemas['PortalSummary'];
export type PortalPolicy = Schemas['PortalPolicy'];
export type PortalPolicyDetail = Schemas['PortalPolicyDetail'];
export type PortalCoverage = Schemas['PortalCoverage'];
export type PortalDocument = Schemas['PortalDocument'];

const base = '/api/v1/customer-portal';

export const getSummary = () => api.get<PortalSummary>(`${base}/summary`);

export async function getPolicy(id: string) {
  const [detail, documents] = await Promise.all([
    api.get<PortalPolicyDetail>(`${base}/policies/${encodeURIComponent(id)}`),
    api.get<Schemas['PortalDocuments']>(`${base}/policies/${encodeURIComponent(id)}/documents`),
  ]);
  return { detail, documents: documents.documents };
}

export const documentPath = (policyId: string, documentId: string) =>
  `${base}/policies/${policyId}/documents/${documentId}/content`;

/** Transactions whose packet has no ID cards (cover is ending). */
const ENDING = new Set(['CANCEL', 'NON_RENEWAL', 'Cancel', 'NonRenewal']);

/**
 * Which document is which. The declarations are the latest policy packet (its first
 * pages); the ID card is a dedicated ID card document, else that packet when it carries
 * ID cards (personal auto, cover not ending). The rest are listed on their own.
 */
export function sortDocuments(documents: PortalDocument[], idCardAvailable: boolean) {
  const newestFirst = [...documents].sort((a, b) => b.generatedAt.localeCompare(a.generatedAt));
  const declarations = newestFirst.find((d) => d.type === 'POLICY_PACKET' || /DECLARATION/i.test(d.type));
  const dedicated = newestFirst.find((d) => /ID_?CARD/i.test(d.type));
  const packetCards =
    idCardAvailable && declarations && !ENDING.has(declarations.transactionType ?? '')
      ? declarations
      : undefined;
  const idCard = dedicated ?? packetCards;
  const others = newestFirst.filter((d) => d !== declarations && d !== dedicated);
  return { declarations, idCard, others };
}

/** A file name for a download: `<policyNumber>-<what>.pdf`. */
export function fileName(policyNumber: string, what: string) {
  return `${policyNumber}-${slug(what) || 'document'}.pdf`;
}

const whole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

/** A coverage limit or deductible: 100000, "100000/300000", or an object of amounts. */
export function amountText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'number') return whole.format(value);
  if (typeof value === 'string') {
    const parts = value.split('/');
    if (parts.every((p) => p.trim() !== '' && Number.isFinite(Number(p)))) {
      return parts.map((p) => whole.format(Number(p))).join(' / ');
    }
    return value;
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => `${key}: ${amountText(v)}`)
      .join(', ');
  }
  return String(value);
}

/** A coverage's limit column: its limit, else its percentage of another coverage. */
export function limitText(coverage: PortalCoverage): string {
  if (coverage.limit !== null && coverage.limit !== undefined) return amountText(coverage.limit);
  const percent = coverage.percent as unknown;
  if (typeof percent === 'number' || typeof percent === 'string') return `${percent}%`;
  return '–';
}

const PRODUCTS: Record<string, string> = {
  'personal-auto': 'Personal Auto',
  'commercial-auto': 'Commercial Auto',
  homeowners: 'Homeowners',
  cyber: 'Cyber',
  'professional-liability': 'Professional Liability',
};

export const productName = (code: string) => PRODUCTS[code] ?? code;
