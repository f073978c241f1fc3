// The policy view's API calls and the rules it shows: which transactions a policy allows,
// amounts out of the server's {amount, currency} objects, labels and default dates.
import { api } from '../../api/client';
import type { Schemas } from '../../api/types';
import { money } from '../../components/format';

export type PolicyView = Schemas['PolicyView'];
export type VersionView = Schemas['VersionView'];
export type PolicyState = Schemas['PolicyState'];
export type TimelineView = Schemas['TimelineView'];
export type DocumentItem = Schemas['DocumentItem'];
export type Change = Schemas['Change'];
export type EndorsePreview = Schemas['EndorsePreview'];
export type TransactionResult = Schemas['TransactionResult'];
export type RenewPreview = Schemas['RenewPreview'];
export type NonRenewResponse = Schemas['NonRenewResponse'];
export type IssueResponse = Schemas['IssueResponse'];

/** A transaction of `GET /policies/{id}/timeline` (typed loosely by the server). */
export interface TimelineTransaction {
  transactionId: string;
  transactionNumber?: string | null;
  type: string;
  status?: string | null;
  effectiveDate?: string | null;
  createdAt?: string | null;
  createdBy?: string | null;
  rating?: { total?: unknown } | null;
  uw?: { decision?: string | null; reasons?: string[] } | null;
}

/** A row of `GET /reference/cancellation-reason-codes`. */
export interface CancellationReason {
  reasonCode: string;
  description: string;
  initiator?: string | null;
  cancellationType?: string | null;
  noticeDays?: number | null;
  returnPremium?: string | null;
}

export interface PolicyData {
  policy: PolicyView;
  timeline: TimelineView;
  state: PolicyState;
}

export const policyPath = (id: string) => `/api/v1/policies/${encodeURIComponent(id)}`;

/** The policy, its timeline and how it stands today, together. */
export async function loadPolicy(id: string): Promise<PolicyData> {
  const base = policyPath(id);
  const [policy, timeline, state] = await Promise.all([
    api.get<PolicyView>(base),
    api.get<TimelineView>(`${base}/timeline`),
    api.get<PolicyState>(`${base}/state`),
  ]);
  return { policy, timeline, state };
}

/** The number inside a money value: `{amount, currency}`, a number or a decimal string. */
export function amountOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : Number(value);
  if (typeof value === 'object' && 'amount' in value) {
    return amountOf((value as { amount: unknown }).amount);
  }
  return null;
}

/** The `total` of a premium object (`{byCoverage, fees, taxes, total}`). */
export function totalOf(premium: unknown): number | null {
  if (premium && typeof premium === 'object' && 'total' in premium) {
    return amountOf((premium as { total: unknown }).total);
  }
  return null;
}

/** Today as the server counts it (UTC), `YYYY-MM-DD`. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today, moved into the term [effective, expiration). */
export function dateInTerm(term: { effectiveDate: string; expirationDate: string }): string {
  const today = todayIso();
  const last = addDays(term.expirationDate, -1);
  if (today < term.effectiveDate) return term.effectiveDate;
  if (today > last) return last;
  return today;
}

const TYPE_LABELS: Record<string, string> = {
  NB: 'New business',
  ENDORSE: 'Endorsement',
  CANCEL: 'Cancellation',
  REINSTATE: 'Reinstatement',
  RENEW: 'Renewal',
  REWRITE: 'Rewrite',
  NON_RENEWAL: 'Non-renewal',
};

export function transactionLabel(type: string): string {
  return TYPE_LABELS[type.toUpperCase()] ?? type;
}

/** The latest cancellation of the policy, if any. */
export function lastCancellation(policy: PolicyView): VersionView | undefined {
  return [...policy.versions]
    .filter((v) => v.transactionType.toUpperCase() === 'CANCEL')
    .sort((a, b) => a.processedDate.localeCompare(b.processedDate))
    .pop();
}

/** True when a non-renewal notice ends the current term. */
export function isNonRenewed(policy: PolicyView): boolean {
  return policy.versions.some(
    (v) =>
      v.transactionType.toUpperCase() === 'NON_RENEWAL' &&
      v.effectiveDate === policy.term.expirationDate,
  );
}

export type Action = 'endorse' | 'cancel' | 'reinstate' | 'renew' | 'rewrite' | 'nonRenew' | 'issue';

/** The transactions the policy's persisted status allows (the server's state rules). */
export function allowedActions(policy: PolicyView): Action[] {
  const raw = policy.internalStatus.trim().toLowerCase();
  const cancelled = raw === 'cancelled' || raw === 'canceled';
  const open = ['bound', 'issued', 'active', ''].includes(raw);
  const nonRenewed = isNonRenewed(policy);
  const allowed: Action[] = [];
  if (raw === 'bound') allowed.push('issue');
  if (open) allowed.push('endorse');
  if (!cancelled) allowed.push('cancel');
  if (cancelled) allowed.push('reinstate');
  if (open && !nonRenewed) allowed.push('renew');
  if (cancelled) allowed.push('rewrite');
  if (open && !nonRenewed) allowed.push('nonRenew');
  return allowed;
}

/** `camelCase` → `Camel case`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

export function fileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '–';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Money with its sign: `+$12.00`, `-$3.50`, `$0.00`. */
export function signedMoney(value: unknown): string {
  const n = amountOf(value);
  if (n === null || !Number.isFinite(n)) return '–';
  return n > 0 ? `+${money(n)}` : money(n);
}
