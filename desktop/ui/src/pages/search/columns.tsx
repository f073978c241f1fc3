// The result tables' columns per mode: heading, the API's sort key, and how a cell shows.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { operations } from '../../api/schema';
import type { Schemas } from '../../api/types';
import { date, money, StatusBadge } from '../../components/format';
import { customerWord } from './criteria';

type Json<Op extends keyof operations> = operations[Op] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type PolicyRow = Json<'list_policies'>['items'][number];
export type QuoteRow = Json<'list_quotes'>['items'][number];
export type CustomerRow = Schemas['CustomerListItem'];
export type Product = Json<'list_products'>['items'][number];

export interface Column<T> {
  label: string;
  /** The API's sortBy value, when the column sorts. */
  sortKey?: string;
  numeric?: boolean;
  cell: (row: T, productName: (code: string) => string) => ReactNode;
}

export const POLICY_COLUMNS: Column<PolicyRow>[] = [
  {
    label: 'Policy #',
    sortKey: 'policyNumber',
    cell: (p) => <Link to={`/policies/${p.policyId}`}>{p.policyNumber}</Link>,
  },
  { label: 'Insured', cell: (p) => p.insuredName },
  { label: 'Product', sortKey: 'productCode', cell: (p, name) => name(p.productCode) },
  { label: 'Effective', sortKey: 'effectiveDate', cell: (p) => date(p.term.effectiveDate) },
  { label: 'Expiry', sortKey: 'expirationDate', cell: (p) => date(p.term.expirationDate) },
  { label: 'Premium', numeric: true, cell: (p) => money(p.annualPremium.amount) },
  { label: 'Status', sortKey: 'status', cell: (p) => <StatusBadge status={p.status} /> },
];

export const QUOTE_COLUMNS: Column<QuoteRow>[] = [
  {
    label: 'Quote #',
    sortKey: 'quoteNumber',
    cell: (q) => (
      <Link to={`/wizard?quoteId=${encodeURIComponent(q.quoteId)}`}>{q.quoteNumber}</Link>
    ),
  },
  { label: 'Product', sortKey: 'productCode', cell: (q, name) => name(q.productCode) },
  { label: 'Status', sortKey: 'status', cell: (q) => <StatusBadge status={q.status} /> },
  { label: 'Premium', numeric: true, cell: (q) => money(q.totalPremium) },
  { label: 'Updated', sortKey: 'updatedAt', cell: (q) => date(q.updatedAt) },
];

export const CUSTOMER_COLUMNS: Column<CustomerRow>[] = [
  { label: 'Customer #', sortKey: 'customerKey', cell: (c) => c.customerKey },
  { label: 'Name', sortKey: 'displayName', cell: (c) => c.displayName },
  { label: 'Type', sortKey: 'entityType', cell: (c) => customerWord(c.entityType) },
  { label: 'Status', sortKey: 'status', cell: (c) => customerWord(c.status) },
  { label: 'Updated', sortKey: 'updatedAt', cell: (c) => date(c.updatedAt) },
];
