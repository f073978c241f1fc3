// The search as the URL holds it (mode, filters, paging, sorting) and the API paths it maps
// to. Names follow the API: GET /api/v1/policies and /quotes take q, product, status,
// effectiveFrom, effectiveTo, page, pageSize, sortBy, sortDir; the customer search takes
// q, status and limit and answers a plain list (paged and sorted here).
import { query } from '../../api/client';

export type Mode = 'policies' | 'quotes' | 'customers';
export type SortDir = 'asc' | 'desc';

export interface Criteria {
  mode: Mode;
  q: string;
  product: string;
  status: string;
  effectiveFrom: string;
  effectiveTo: string;
  page: number;
  pageSize: number;
  sortBy: string;
  /** Empty when the URL does not say; the server then sorts descending. */
  sortDir: SortDir | '';
}

export const PAGE_SIZES = [10, 20, 50, 100];
export const DEFAULT_PAGE_SIZE = 20;
/** The most customers one search returns (the server's maximum). */
export const CUSTOMER_LIMIT = 200;

/** The filters of the filter form, per mode. */
export const FILTERS: Record<Mode, (keyof Criteria)[]> = {
  policies: ['q', 'product', 'status', 'effectiveFrom', 'effectiveTo'],
  quotes: ['q', 'product', 'status', 'effectiveFrom', 'effectiveTo'],
  customers: ['q', 'status'],
};

/** The columns each mode may sort by (the API's sortBy values). */
export const SORTABLE: Record<Mode, string[]> = {
  policies: ['policyNumber', 'productCode', 'effectiveDate', 'expirationDate', 'status'],
  quotes: ['quoteNumber', 'productCode', 'status', 'updatedAt'],
  customers: ['customerKey', 'displayName', 'entityType', 'status', 'updatedAt'],
};

export const STATUSES: Record<Mode, { value: string; label: string }[]> = {
  policies: [
    { value: 'Bind', label: 'Bind' },
    { value: 'Issued', label: 'Issued' },
    { value: 'Inforced', label: 'In Force' },
    { value: 'Expired', label: 'Expired' },
    { value: 'Cancelled', label: 'Cancelled' },
  ],
  quotes: [
    { value: 'Draft', label: 'Draft' },
    { value: 'Rated', label: 'Rated' },
  ],
  customers: ['DRAFT', 'ACTIVE', 'INACTIVE', 'PENDING_APPROVAL', 'MERGED', 'ARCHIVED'].map(
    (value) => ({ value, label: customerWord(value) }),
  ),
};

/** ACTIVE -> Active, PENDING_APPROVAL -> Pending approval. */
export function customerWord(value: string): string {
  const text = value.replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function positive(text: string | null, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Reads the URL; a mode the user may not open falls back to policies. */
export function readCriteria(params: URLSearchParams, canCustomers: boolean): Criteria {
  const asked = params.get('mode');
  const mode: Mode =
    asked === 'quotes' || (asked === 'customers' && canCustomers) ? asked : 'policies';
  const size = positive(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  const sortBy = params.get('sortBy') ?? '';
  const dir = params.get('sortDir');
  const text = (key: keyof Criteria) =>
    FILTERS[mode].includes(key) ? (params.get(key) ?? '') : '';
  return {
    mode,
    q: text('q'),
    product: text('product'),
    status: text('status'),
    effectiveFrom: text('effectiveFrom'),
    effectiveTo: text('effectiveTo'),
    page: positive(params.get('page'), 1),
    pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
    sortBy: SORTABLE[mode].includes(sortBy) ? sortBy : '',
    sortDir: dir === 'asc' || dir === 'desc' ? dir : '',
  };
}

/** The URL of a search: only what differs from the defaults, the mode always. */
export function toParams(c: Criteria): Record<string, string> {
  const out: Record<string, string> = { mode: c.mode };
  for (const key of FILTERS[c.mode]) {
    const value = String(c[key]).trim();
    if (value) out[key] = value;
  }
  if (c.page > 1) out.page = String(c.page);
  if (c.pageSize !== DEFAULT_PAGE_SIZE) out.pageSize = String(c.pageSize);
  if (c.sortBy) {
    out.sortBy = c.sortBy;
    if (c.sortDir) out.sortDir = c.sortDir;
  }
  return out;
}

export function hasFilters(c: Criteria): boolean {
  return FILTERS[c.mode].some((key) => String(c[key]).trim() !== '');
}

/** The filters as the API names them (no paging). */
function filterQuery(c: Criteria) {
  const sort = c.sortBy ? { sortBy: c.sortBy, sortDir: c.sortDir || undefined } : {};
  return {
    q: c.q.trim(),
    product: c.product,
    status: c.status,
    effectiveFrom: c.effectiveFrom,
    effectiveTo: c.effectiveTo,
    ...sort,
  };
}

/** The request that loads the results. */
export function listPath(c: Criteria): string {
  if (c.mode === 'customers') {
    const search = query({ q: c.q.trim(), status: c.status, limit: CUSTOMER_LIMIT });
    return `/api/v1/admin/customers/search${search}`;
  }
  const { sortBy, sortDir, ...filters } = filterQuery(c);
  const paging = { page: c.page, pageSize: c.pageSize };
  return `/api/v1/${c.mode}${query({ ...filters, ...paging, sortBy, sortDir })}`;
}

/** The CSV export of the current filters, where the API has one. */
export function exportPath(c: Criteria): string | null {
  if (c.mode === 'customers') return null;
  return `/api/v1/${c.mode}/export${query(filterQuery(c))}`;
}
