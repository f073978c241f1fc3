// The results of one search: loads them, then shows loading, error, empty, or the table
// with its pager and CSV export. The page remounts it per mode.
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { Pager } from '../../components/Pager';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { CUSTOMER_COLUMNS, POLICY_COLUMNS, QUOTE_COLUMNS } from './columns';
import type { CustomerRow, PolicyRow, QuoteRow } from './columns';
import { CUSTOMER_LIMIT, exportPath, hasFilters, listPath, PAGE_SIZES } from './criteria';
import type { Criteria, SortDir } from './criteria';
import { ExportButton } from './ExportButton';
import { ResultsTable } from './ResultsTable';
import { TAB_LABELS } from './SearchTabs';

type Loaded =
  | { mode: 'policies'; path: string; rows: PolicyRow[]; total: number }
  | { mode: 'quotes'; path: string; rows: QuoteRow[]; total: number }
  | { mode: 'customers'; path: string; rows: CustomerRow[]; total: number };

async function load(mode: Criteria['mode'], path: string): Promise<Loaded> {
  if (mode === 'customers') {
    const rows = await api.get<CustomerRow[]>(path);
    return { mode, path, rows, total: rows.length };
  }
  if (mode === 'quotes') {
    const page = await api.get<Page<QuoteRow>>(path);
    return { mode, path, rows: page.items, total: page.total };
  }
  const page = await api.get<Page<PolicyRow>>(path);
  return { mode, path, rows: page.items, total: page.total };
}

/** Customers come as one list: sorted and paged here. */
function pageOfCustomers(rows: CustomerRow[], c: Criteria, dir: SortDir): CustomerRow[] {
  const key = c.sortBy as keyof CustomerRow;
  const sorted = c.sortBy
    ? [...rows].sort((a, b) => {
        const order = String(a[key]).localeCompare(String(b[key]), 'en', { numeric: true });
        return dir === 'asc' ? order : -order;
      })
    : rows;
  const start = (c.page - 1) * c.pageSize;
  return sorted.slice(start, start + c.pageSize);
}

export function Results({
  criteria,
  productName,
  canQuote,
  onChange,
  onClear,
}: {
  criteria: Criteria;
  productName: (code: string) => string;
  canQuote: boolean;
  onChange: (patch: Partial<Criteria>) => void;
  onClear: () => void;
}) {
  const path = listPath(criteria);
  const [state, reload] = useAsync(() => load(criteria.mode, path), [criteria.mode, path]);
  const noun = TAB_LABELS[criteria.mode].toLowerCase();
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} />;
  if (state.status === 'loading' || state.data.path !== path) return <Loading what={noun} />;

  const data = state.data;
  const dir: SortDir = criteria.sortDir || 'desc';
  if (data.total === 0) {
    return hasFilters(criteria) ? (
      <Empty>
        <p>No {noun} match these filters.</p>
        <button type="button" onClick={onClear}>
          Clear filters
        </button>
      </Empty>
    ) : (
      <Empty>
        <p>No {noun} yet.</p>
        {criteria.mode !== 'customers' && canQuote && <Link to="/wizard">Start a quote</Link>}
      </Empty>
    );
  }

  const sort = (sortKey: string) =>
    onChange({
      sortBy: sortKey,
      sortDir: sortKey === criteria.sortBy && dir === 'asc' ? 'desc' : 'asc',
      page: 1,
    });
  const label = TAB_LABELS[criteria.mode];
  const common = { label, productName, sortBy: criteria.sortBy, sortDir: dir, onSort: sort };
  let table;
  let shown: number;
  if (data.mode === 'policies') {
    shown = data.rows.length;
    table = (
      <ResultsTable
        columns={POLICY_COLUMNS}
        rows={data.rows}
        rowKey={(r) => r.policyId}
        {...common}
      />
    );
  } else if (data.mode === 'quotes') {
    shown = data.rows.length;
    table = (
      <ResultsTable
        columns={QUOTE_COLUMNS}
        rows={data.rows}
        rowKey={(r) => r.quoteId}
        {...common}
      />
    );
  } else {
    const rows = pageOfCustomers(data.rows, criteria, dir);
    shown = rows.length;
    table = (
      <ResultsTable
        columns={CUSTOMER_COLUMNS}
        rows={rows}
        rowKey={(r) => r.customerId}
        {...common}
      />
    );
  }

  if (shown === 0) {
    return (
      <Empty>
        <p>There are no {noun} on this page.</p>
        <button type="button" onClick={() => onChange({ page: 1 })}>
          First page
        </button>
      </Empty>
    );
  }
  const csv = exportPath(criteria);
  return (
    <>
      <div className="actions search-toolbar">
        {hasFilters(criteria) && (
          <button type="button" onClick={onClear}>
            Clear filters
          </button>
        )}
        {csv && <ExportButton path={csv} fileName={`${criteria.mode}-export.csv`} />}
        {data.mode === 'customers' && data.total >= CUSTOMER_LIMIT && (
          <p className="muted">
            Only the first {CUSTOMER_LIMIT} matches are shown. Narrow the search to find others.
          </p>
        )}
      </div>
      {table}
      <Pager
        label={`${label} pages`}
        className="search-pager"
        page={criteria.page}
        pageSize={criteria.pageSize}
        total={data.total}
        shown={shown}
        live
        pageSizes={PAGE_SIZES}
        onPage={(page) => onChange({ page })}
        onPageSize={(pageSize) => onChange({ pageSize, page: 1 })}
      />
    </>
  );
}
