// Search (/search): policies, quotes and (for who may read them) customers, with every
// filter, page and sort held in the URL.
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { can } from '../auth/permissions';
import { useUser } from '../auth/session';
import { productLabel } from '../components/format';
import { useAsync } from '../components/useAsync';
import type { Product } from './search/columns';
import { readCriteria, toParams } from './search/criteria';
import type { Criteria, Mode } from './search/criteria';
import { FilterForm } from './search/FilterForm';
import { Results } from './search/Results';
import { PANEL_ID, SearchTabs, tabId } from './search/SearchTabs';
import './search/Search.css';

export function SearchPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const canCustomers = can(user, 'admin.customers.read') && can(user, 'menu.admin.view');
  const criteria = readCriteria(params, canCustomers);
  const modes: Mode[] = canCustomers ? ['policies', 'quotes', 'customers'] : ['policies', 'quotes'];
  const [products] = useAsync(
    () => api.get<{ items: Product[] }>('/api/v1/products').then((page) => page.items),
    [],
  );
  const productList = products.status === 'ready' ? products.data : [];
  const productName = (code: string) =>
    productList.find((p) => p.code === code)?.name ?? productLabel(code);

  const go = (next: Criteria) => setParams(toParams(next));
  const change = (patch: Partial<Criteria>) => go({ ...criteria, ...patch });
  const cleared: Criteria = {
    ...criteria,
    q: '',
    product: '',
    status: '',
    effectiveFrom: '',
    effectiveTo: '',
    page: 1,
  };
  // Each tab starts afresh: the filters, statuses and sort columns differ per tab.
  const selectMode = (mode: Mode) => go({ ...cleared, mode, sortBy: '', sortDir: '' });
  const filterKey = JSON.stringify([
    criteria.mode,
    criteria.q,
    criteria.product,
    criteria.status,
    criteria.effectiveFrom,
    criteria.effectiveTo,
  ]);

  return (
    <>
      <h1>Search</h1>
      <SearchTabs modes={modes} current={criteria.mode} onSelect={selectMode} />
      <div id={PANEL_ID} role="tabpanel" aria-labelledby={tabId(criteria.mode)}>
        <FilterForm
          key={filterKey}
          criteria={criteria}
          products={productList}
          productsFailed={products.status === 'error'}
          onSubmit={(filters) => go({ ...criteria, ...filters, page: 1 })}
        />
        <Results
          key={criteria.mode}
          criteria={criteria}
          productName={productName}
          canQuote={can(user, 'page.wizard.view')}
          onChange={change}
          onClear={() => go(cleared)}
        />
      </div>
    </>
  );
}
