// Search: the URL drives the request; tabs, sorting, paging and filters change it; the
// loading, empty and error states; CSV export; the customers tab by permission.
import { Blob as NodeBlob } from 'node:buffer';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platform } from '@platform';
import { describe, expect, it, vi } from 'vitest';
import { admin, agent, pending, renderAt, status, stubApi } from '../../test/render';
import type { Seen } from '../../test/render';
import { SearchPage } from '../SearchPage';
import { customers, page, policies, policy, products, quote } from './testData';

const PRODUCTS = { 'GET /api/v1/products': page(products) };
const POLICIES = 'GET /api/v1/policies';

function renderSearch(path = '/search', signedIn = agent) {
  return renderAt(<SearchPage />, { path, pattern: '/search', signedIn });
}

/** The result requests (not the product list). */
function lists(seen: Seen[], prefix = '/api/v1/policies') {
  return seen.filter((r) => r.path.startsWith(prefix)).map((r) => r.url);
}

/**
 * A CSV body the stubbed fetch can hand on: the shared stub wants a (jsdom) Blob, and
 * Node's Response reads only a Blob with `stream`/`arrayBuffer`, which jsdom's lacks.
 */
function csvBody(text: string): Blob {
  const bytes = new NodeBlob([text], { type: 'text/csv' });
  return Object.assign(new Blob([text], { type: 'text/csv' }), {
    stream: () => bytes.stream(),
    arrayBuffer: () => bytes.arrayBuffer(),
  }) as Blob;
}

function header(name: string) {
  return screen.getByRole('columnheader', { name });
}

describe('SearchPage', () => {
  it('shows a loading state under the heading and the tabs', async () => {
    stubApi({ ...PRODUCTS, [POLICIES]: pending });
    renderSearch();
    expect(await screen.findByRole('heading', { level: 1, name: 'Search' })).toBeInTheDocument();
    expect(screen.getByText(/Loading policies/)).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Policies' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Quotes' })).toHaveAttribute('aria-selected', 'false');
  });

  it('sends the filters, page and sort of the URL and shows the rows', async () => {
    const seen = stubApi({ ...PRODUCTS, [POLICIES]: page([policy(1, { status: 'Cancelled' })], 61, 2, 50) });
    renderSearch(
      '/search?mode=policies&q=smith&product=cyber&status=Inforced&effectiveFrom=2026-01-01' +
        '&effectiveTo=2026-12-31&page=2&pageSize=50&sortBy=effectiveDate&sortDir=asc',
    );
    const row = await screen.findByRole('row', { name: /PC-1001/ });
    expect(lists(seen)).toEqual([
      '/api/v1/policies?q=smith&product=cyber&status=Inforced&effectiveFrom=2026-01-01' +
        '&effectiveTo=2026-12-31&page=2&pageSize=50&sortBy=effectiveDate&sortDir=asc',
    ]);
    expect(within(row).getByRole('link', { name: 'PC-1001' })).toHaveAttribute(
      'href',
      '/policies/00000000-0000-4000-8000-000000000001',
    );
    expect(within(row).getByText('Insured 1')).toBeInTheDocument();
    expect(within(row).getByText('Personal Auto')).toBeInTheDocument();
    expect(within(row).getByText('Jan 15, 2026')).toBeInTheDocument();
    expect(within(row).getByText('Jan 15, 2027')).toBeInTheDocument();
    expect(within(row).getByText('$1,234.50')).toBeInTheDocument();
    expect(within(row).getByText('Cancelled')).toHaveClass('badge-red');
    expect(screen.getByLabelText('Search text')).toHaveValue('smith');
    expect(await screen.findByRole('option', { name: 'Cyber' })).toBeInTheDocument();
    expect(screen.getByLabelText('Product')).toHaveValue('cyber');
    expect(screen.getByLabelText('Status')).toHaveValue('Inforced');
    expect(screen.getByLabelText('Effective from')).toHaveValue('2026-01-01');
    expect(header('Effective')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Policy #')).toHaveAttribute('aria-sort', 'none');
    expect(header('Insured')).not.toHaveAttribute('aria-sort');
    expect(screen.getByText('Showing 51–51 of 61')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeEnabled();
  });

  it('asks for the first page of policies by default', async () => {
    const seen = stubApi({ ...PRODUCTS, [POLICIES]: page(policies(3)) });
    renderSearch();
    await screen.findByRole('row', { name: /PC-1003/ });
    expect(lists(seen)).toEqual(['/api/v1/policies?page=1&pageSize=20']);
    expect(screen.getByText('Showing 1–3 of 3')).toBeInTheDocument();
  });

  it('switches to quotes, starting afresh, and links a quote to the wizard', async () => {
    const seen = stubApi({
      ...PRODUCTS,
      [POLICIES]: page(policies(1)),
      'GET /api/v1/quotes': page([quote]),
    });
    renderSearch('/search?q=Q2026&status=Issued&page=3');
    await screen.findByRole('tab', { name: 'Policies' });
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Quotes' }));
    const row = await screen.findByRole('row', { name: /Q20261128-04CE/ });
    expect(lists(seen, '/api/v1/quotes')).toEqual(['/api/v1/quotes?page=1&pageSize=20']);
    expect(screen.getByLabelText('Search text')).toHaveValue('');
    expect(screen.getByRole('tab', { name: 'Quotes' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('Quotes');
    expect(within(row).getByRole('link', { name: 'Q20261128-04CE' })).toHaveAttribute(
      'href',
      '/wizard?quoteId=ff1a955e-7015-4d62-ac48-e1d0bd085c7a',
    );
    expect(within(row).getByText('Cyber')).toBeInTheDocument();
    expect(within(row).getByText('Rated')).toBeInTheDocument();
    expect(within(row).getByText('$652.47')).toBeInTheDocument();
    expect(within(row).getByText('Nov 28, 2026')).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Draft' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'In Force' })).not.toBeInTheDocument();
  });

  it('moves between tabs with the arrow keys', async () => {
    const seen = stubApi({ ...PRODUCTS, [POLICIES]: page(policies(1)), 'GET /api/v1/quotes': page([quote]) });
    renderSearch();
    const tab = await screen.findByRole('tab', { name: 'Policies' });
    tab.focus();
    await userEvent.setup().keyboard('{ArrowRight}');
    await screen.findByRole('row', { name: /Q20261128-04CE/ });
    expect(screen.getByRole('tab', { name: 'Quotes' })).toHaveFocus();
    expect(lists(seen, '/api/v1/quotes')).toEqual(['/api/v1/quotes?page=1&pageSize=20']);
  });

  it('sorts by a column, then the other way, from the first page', async () => {
    const seen = stubApi({ ...PRODUCTS, [POLICIES]: page(policies(2), 45) });
    renderSearch('/search?page=2');
    await screen.findByRole('row', { name: /PC-1001/ });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Policy #' }));
    await waitFor(() => expect(header('Policy #')).toHaveAttribute('aria-sort', 'ascending'));
    await user.click(screen.getByRole('button', { name: 'Policy #' }));
    await waitFor(() => expect(header('Policy #')).toHaveAttribute('aria-sort', 'descending'));
    expect(lists(seen)).toEqual([
      '/api/v1/policies?page=2&pageSize=20',
      '/api/v1/policies?page=1&pageSize=20&sortBy=policyNumber&sortDir=asc',
      '/api/v1/policies?page=1&pageSize=20&sortBy=policyNumber&sortDir=desc',
    ]);
  });

  it('pages forward and back and changes the page size', async () => {
    const seen = stubApi({
      ...PRODUCTS,
      [POLICIES]: (req: Seen) => {
        const n = Number(new URLSearchParams(req.url.split('?')[1]).get('page'));
        return page(n === 3 ? policies(5, 41) : policies(20, (n - 1) * 20 + 1), 45, n);
      },
    });
    renderSearch();
    await screen.findByText('Showing 1–20 of 45');
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Showing 21–40 of 45');
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Showing 41–45 of 45');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await screen.findByText('Showing 21–40 of 45');
    await user.selectOptions(screen.getByLabelText('Rows per page'), '50');
    await screen.findByText('Showing 1–20 of 45');
    expect(lists(seen)).toEqual([
      '/api/v1/policies?page=1&pageSize=20',
      '/api/v1/policies?page=2&pageSize=20',
      '/api/v1/policies?page=3&pageSize=20',
      '/api/v1/policies?page=2&pageSize=20',
      '/api/v1/policies?page=1&pageSize=50',
    ]);
  });

  it('applies the filter form from the first page', async () => {
    const seen = stubApi({ ...PRODUCTS, [POLICIES]: page(policies(1)) });
    renderSearch('/search?page=3&sortBy=status&sortDir=desc');
    await screen.findByRole('option', { name: 'Cyber' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Search text'), 'Grace');
    await user.selectOptions(screen.getByLabelText('Product'), 'cyber');
    await user.selectOptions(screen.getByLabelText('Status'), 'In Force');
    await user.type(screen.getByLabelText('Effective to'), '2026-12-31');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(lists(seen)).toHaveLength(2));
    expect(lists(seen)[1]).toBe(
      '/api/v1/policies?q=Grace&product=cyber&status=Inforced&effectiveTo=2026-12-31' +
        '&page=1&pageSize=20&sortBy=status&sortDir=desc',
    );
  });

  it('says when nothing matches and clears the filters', async () => {
    const seen = stubApi({
      ...PRODUCTS,
      [POLICIES]: (req: Seen) => (req.url.includes('q=') ? page([]) : page(policies(1))),
    });
    renderSearch('/search?q=nobody&status=Expired');
    expect(await screen.findByText('No policies match these filters.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Clear filters' })).toHaveLength(1);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findByRole('row', { name: /PC-1001/ });
    expect(lists(seen)).toEqual([
      '/api/v1/policies?q=nobody&status=Expired&page=1&pageSize=20',
      '/api/v1/policies?page=1&pageSize=20',
    ]);
    expect(screen.getByLabelText('Search text')).toHaveValue('');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  });

  it('offers the first page when the URL points past the last one', async () => {
    const seen = stubApi({
      ...PRODUCTS,
      [POLICIES]: (req: Seen) => (req.url.includes('page=9') ? page([], 3, 9) : page(policies(3))),
    });
    renderSearch('/search?page=9');
    expect(await screen.findByText('There are no policies on this page.')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'First page' }));
    await screen.findByText('Showing 1–3 of 3');
    expect(lists(seen)).toEqual([
      '/api/v1/policies?page=9&pageSize=20',
      '/api/v1/policies?page=1&pageSize=20',
    ]);
  });

  it('says when there are no quotes at all and offers to start one', async () => {
    stubApi({ ...PRODUCTS, 'GET /api/v1/quotes': page([]) });
    renderSearch('/search?mode=quotes');
    expect(await screen.findByText('No quotes yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start a quote' })).toHaveAttribute('href', '/wizard');
  });

  it('shows a failure and retries', async () => {
    let calls = 0;
    const seen = stubApi({
      ...PRODUCTS,
      [POLICIES]: () =>
        ++calls === 1
          ? status(422, { code: 'VALIDATION_ERROR', message: 'effectiveFrom: must be a date (YYYY-MM-DD)' })
          : page(policies(1)),
    });
    renderSearch();
    expect(await screen.findByRole('alert')).toHaveTextContent('effectiveFrom: must be a date');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('row', { name: /PC-1001/ });
    expect(lists(seen)).toHaveLength(2);
  });

  it('exports the current filters as CSV through the platform', async () => {
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue();
    const csv = 'policyNumber,policyId\nPC-1001,abc\n';
    const seen = stubApi({
      ...PRODUCTS,
      [POLICIES]: page(policies(1)),
      'GET /api/v1/policies/export': csvBody(csv),
    });
    renderSearch('/search?q=smith&status=Issued&page=2&sortBy=status&sortDir=asc');
    await screen.findByRole('row', { name: /PC-1001/ });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Saved policies-export.csv.')).toBeInTheDocument();
    const request = seen.find((r) => r.path === '/api/v1/policies/export');
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/api/v1/policies/export?q=smith&status=Issued&sortBy=status&sortDir=asc');
    expect(save).toHaveBeenCalledTimes(1);
    const [name, blob] = save.mock.calls[0];
    expect(name).toBe('policies-export.csv');
    expect(await blob.text()).toBe(csv);
  });

  it('exports quotes from the quotes export', async () => {
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue();
    const seen = stubApi({
      ...PRODUCTS,
      'GET /api/v1/quotes': page([quote]),
      'GET /api/v1/quotes/export': csvBody('quoteId\n'),
    });
    renderSearch('/search?mode=quotes&product=cyber');
    await screen.findByRole('row', { name: /Q20261128-04CE/ });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0]).toBe('quotes-export.csv');
    expect(await save.mock.calls[0][1].text()).toBe('quoteId\n');
    expect(seen.map((r) => r.url)).toContain('/api/v1/quotes/export?product=cyber');
  });

  it('shows an export failure', async () => {
    const save = vi.spyOn(platform, 'saveFile');
    stubApi({
      ...PRODUCTS,
      [POLICIES]: page(policies(1)),
      'GET /api/v1/policies/export': status(403, { code: 'FORBIDDEN', message: 'Not allowed to export' }),
    });
    renderSearch();
    await screen.findByRole('row', { name: /PC-1001/ });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not allowed to export');
    expect(save).not.toHaveBeenCalled();
  });

  it('hides the customers tab from an agent, even when the URL asks for it', async () => {
    const seen = stubApi({ ...PRODUCTS, [POLICIES]: page(policies(1)) });
    renderSearch('/search?mode=customers');
    await screen.findByRole('row', { name: /PC-1001/ });
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Policies', 'Quotes']);
    expect(lists(seen, '/api/v1/admin')).toEqual([]);
  });

  it('shows the customers tab to an admin, searches customers and sorts them here', async () => {
    const seen = stubApi({
      ...PRODUCTS,
      [POLICIES]: page(policies(1)),
      'GET /api/v1/admin/customers/search': customers,
    });
    renderSearch('/search', admin);
    await screen.findByRole('row', { name: /PC-1001/ });
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Policies', 'Quotes', 'Customers']);
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Customers' }));
    const row = await screen.findByRole('row', { name: /CUST-2026-000001/ });
    expect(within(row).getByText('Acme Holdings')).toBeInTheDocument();
    expect(within(row).getByText('Company')).toBeInTheDocument();
    expect(within(row).getByText('Pending approval')).toBeInTheDocument();
    expect(lists(seen, '/api/v1/admin')).toEqual(['/api/v1/admin/customers/search?limit=200']);
    expect(screen.queryByLabelText('Product')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export CSV' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(header('Name')).toHaveAttribute('aria-sort', 'ascending'));
    const names = screen.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[0].textContent);
    expect(names).toEqual(['Acme Holdings', 'Paula Portal']);
    expect(lists(seen, '/api/v1/admin')).toHaveLength(1);

    await user.type(screen.getByLabelText('Search text'), 'acme');
    await user.selectOptions(screen.getByLabelText('Status'), 'Active');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(lists(seen, '/api/v1/admin')).toContain('/api/v1/admin/customers/search?q=acme&status=ACTIVE&limit=200'),
    );
  });
});
