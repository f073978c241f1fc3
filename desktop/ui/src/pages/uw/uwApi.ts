// The underwriting queue's API calls and display rules: the referral list (with the quote
// numbers the referral itself does not carry), one referral, assign, comment and decide.
import { api, query } from '../../api/client';
import type { Page, Schemas } from '../../api/types';

export type Referral = Schemas['ReferralView'];

/** A comment of a referral as the server stores it: `{by, text, at, decision?}`. */
export interface ReferralComment {
  by?: string;
  text?: string;
  at?: string;
  decision?: string;
}

export const PAGE_SIZE = 20;

/** The status filter: the value sent and its label; '' lists every status. */
export const STATUS_OPTIONS: { value: string; label: string }[] = [
  { value: 'Open', label: 'Open' },
  { value: 'InfoRequested', label: 'Info requested' },
  { value: 'Approved', label: 'Approved' },
  { value: 'Declined', label: 'Declined' },
  { value: 'Withdrawn', label: 'Withdrawn' },
  { value: '', label: 'All statuses' },
];

const base = '/api/v1/uw/referrals';

export async function listReferrals(status: string, page: number) {
  return api.get<Page<Referral>>(base + query({ status, page, pageSize: PAGE_SIZE }));
}

/**
 * Quote numbers of the referrals raised on a quote that has no policy yet, by quote id.
 * A quote that cannot be read leaves its referral without a number (it shows its id).
 */
export async function quoteNumbers(items: Referral[], known: Map<string, string>) {
  const wanted = [
    ...new Set(
      items
        .filter((r) => !r.policyNumber && r.quoteId && !known.has(r.quoteId))
        .map((r) => r.quoteId as string),
    ),
  ];
  const found = await Promise.allSettled(
    wanted.map((id) => api.get<{ quoteNumber: string }>(`/api/v1/quotes/${id}`)),
  );
  found.forEach((result, i) => {
    if (result.status === 'fulfilled' && result.value?.quoteNumber) {
      known.set(wanted[i], result.value.quoteNumber);
    }
  });
  return known;
}

export const getReferral = (id: string) => api.get<Referral>(`${base}/${id}`);

export const assignReferral = (id: string, userId: string) =>
  api.patch<Referral>(`${base}/${id}/assign`, { assignedTo: userId });

export const commentOnReferral = (id: string, text: string) =>
  api.post<Referral>(`${base}/${id}/comments`, { text });

export type Decision = 'approve' | 'decline';

export const decideReferral = (id: string, decision: Decision, reason: string) =>
  api.patch<Referral>(`${base}/${id}/${decision}`, { reason });

/** Only Open and InfoRequested referrals can still be decided. */
export function isOpen(referral: Referral) {
  return referral.status === 'Open' || referral.status === 'InfoRequested';
}

/** The number people know the referral by: the policy's, else the quote's. */
export function referralNumber(referral: Referral, numbers: Map<string, string>) {
  if (referral.policyNumber) return referral.policyNumber;
  const quoteNumber = referral.quoteId ? numbers.get(referral.quoteId) : undefined;
  return quoteNumber ?? `referral ${referral.referralId.slice(0, 8)}`;
}

const TRANSACTIONS: Record<string, string> = {
  NewBusiness: 'New business',
  Endorse: 'Endorsement',
  Renew: 'Renewal',
  Rewrite: 'Rewrite',
};

export const transactionLabel = (type: string) => TRANSACTIONS[type] ?? type;

/** Who holds the referral, as the signed-in underwriter reads it. */
export function assigneeLabel(referral: Referral, userId: string) {
  if (!referral.assignedTo) return 'Unassigned';
  return referral.assignedTo === userId ? 'You' : 'Another user';
}

export function commentsOf(referral: Referral): ReferralComment[] {
  return (referral.comments ?? []).filter(
    (c): c is ReferralComment => !!c && typeof c === 'object',
  );
}
