// The policy view's states, its data, who sees which transactions, and downloads.
import { platform } from '@platform';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { agent, pending, renderAt, status, stubApi, user } from '../../test/render';
import { BASE, cancelledPolicy, policy, readRoutes, termEnd } from './fixtures';
import { PolicyPage } from './PolicyPage';

const viewer = user(['viewer'], ['page.policy.view']);

function renderPolicy(signedIn = agent, path = '/policies/p1') {
  return renderAt(<PolicyPage />, { path, pattern: '/policies/:id', signedIn });
}

const buttonNames = () =>
  within(screen.getByRole('region', { name: 'Transactions' }))
    .getAllByRole('button')
    .map((b) => b.textContent);

describe('PolicyPage', () => {
  it('shows a loading state', async () => {
    stubApi({
      [`GET ${BASE}`]: pending,
      [`GET ${BASE}/timeline`]: pending,
      [`GET ${BASE}/state`]: pending,
    });
    renderPolicy();
    expect(await screen.findByText(/Loading the policy/)).toBeInTheDocument();
  });

  it('says when the policy does not exist, with a way back to search', async () => {
    const notFound = status(404, { code: 'POLICY_NOT_FOUND', message: 'Policy p1 not found' });
    stubApi({
      [`GET ${BASE}`]: notFound,
      [`GET ${BASE}/timeline`]: notFound,
      [`GET ${BASE}/state`]: notFound,
    });
    renderPolicy();
    expect(await screen.findByRole('heading', { level: 1, name: 'Policy not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to search' })).toHaveAttribute('href', '/search');
  });

  it('shows an error and loads again on retry', async () => {
    let calls = 0;
    const routes = readRoutes();
    stubApi({
      ...routes,
      [`GET ${BASE}`]: () =>
        ++calls === 1
          ? status(500, { code: 'INTERNAL', message: 'Database unavailable', traceId: 't-1' })
          : policy(),
    });
    renderPolicy();
    expect(await screen.findByRole('alert')).toHaveTextContent('Database unavailable');
    expect(screen.getByText('Reference: t-1')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'PC-C73DD2E1' })).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('shows the summary, the timeline and the documents', async () => {
    stubApi(readRoutes());
    renderPolicy();
    expect(await screen.findByRole('heading', { level: 1, name: 'PC-C73DD2E1' })).toBeInTheDocument();
    const summary = screen.getByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('Personal Auto')).toBeInTheDocument();
    expect(within(summary).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(within(summary).getByText('$652.47')).toBeInTheDocument();
    expect(within(summary).getAllByText('In Force').length).toBeGreaterThan(0);
    expect(within(summary).getByTestId('in-force')).toHaveTextContent(/^Yes/);

    const transactions = screen.getByRole('table', { name: 'Policy transactions' });
    const rows = within(transactions).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('New business');
    expect(rows[1]).toHaveTextContent('NB-20261128-6CEC');
    expect(rows[1]).toHaveTextContent('$516.93');
    expect(rows[2]).toHaveTextContent('Endorsement');
    expect(rows[2]).toHaveTextContent('+$122.91');

    const segments = await screen.findByRole('table', { name: 'Effective-dated segments' });
    const segmentRows = within(segments).getAllByRole('row');
    expect(segmentRows).toHaveLength(3);
    expect(segmentRows[1]).toHaveTextContent('$516.93');
    expect(segmentRows[2]).toHaveTextContent('$652.47');

    const docs = await screen.findByRole('table', { name: 'Policy documents' });
    expect(within(docs).getByText('Policy Document Packet NB-20261128-6CEC')).toBeInTheDocument();
    expect(within(docs).getByText('4.2 KB')).toBeInTheDocument();
    expect(within(docs).getAllByRole('button', { name: 'Download' })).toHaveLength(2);
  });

  it('offers the transactions an issued policy allows', async () => {
    stubApi(readRoutes());
    renderPolicy();
    await screen.findByRole('heading', { name: 'Transactions' });
    expect(buttonNames()).toEqual(['Endorse', 'Cancel policy', 'Renew', 'Non-renew']);
  });

  it('offers only reinstate and rewrite for a cancelled policy', async () => {
    stubApi(readRoutes(cancelledPolicy()));
    renderPolicy();
    await screen.findByRole('heading', { name: 'Transactions' });
    expect(buttonNames()).toEqual(['Reinstate', 'Rewrite']);
  });

  it('does not offer renew or non-renew once a non-renewal ends the term', async () => {
    const p = policy();
    p.versions.push({ ...p.versions[0], versionId: 'v-nr', transactionType: 'NON_RENEWAL', effectiveDate: termEnd });
    stubApi(readRoutes(p));
    renderPolicy();
    await screen.findByRole('heading', { name: 'Transactions' });
    expect(buttonNames()).toEqual(['Endorse', 'Cancel policy']);
    expect(screen.getByRole('region', { name: 'Summary' })).toHaveTextContent('not renewing');
  });

  it('hides the transactions from a user who may not service policies', async () => {
    stubApi(readRoutes());
    renderPolicy(viewer);
    await screen.findByRole('heading', { level: 1, name: 'PC-C73DD2E1' });
    expect(screen.queryByRole('heading', { name: 'Transactions' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Endorse' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel policy' })).not.toBeInTheDocument();
  });

  it('downloads a document packet through the platform', async () => {
    const pdf = new Blob(['%PDF-1.4'], { type: 'application/pdf' });
    const seen = stubApi({ ...readRoutes(), [`GET ${BASE}/documents/d1/content`]: pdf });
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue();
    renderPolicy();
    const docs = await screen.findByRole('table', { name: 'Policy documents' });
    await userEvent.setup().click(within(docs).getAllByRole('button', { name: 'Download' })[0]);
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(seen.some((r) => r.method === 'GET' && r.path === `${BASE}/documents/d1/content`)).toBe(true);
    const [name, blob] = save.mock.calls[0];
    expect(name).toBe('PC-C73DD2E1-policy-packet-NB-20261128-6CEC.pdf');
    // The stubbed fetch hands back its own Blob; what matters is that the body is passed on.
    expect((blob as Blob).size).toBeGreaterThan(0);
  });

  it('saves a rating worksheet as JSON from its version', async () => {
    const seen = stubApi({
      ...readRoutes(),
      [`GET ${BASE}/versions/v-NB-20261128-6CEC/rating-worksheet`]: { type: 'RATING_WORKSHEET', metadata: {} },
    });
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue();
    renderPolicy();
    const docs = await screen.findByRole('table', { name: 'Policy documents' });
    await userEvent.setup().click(within(docs).getAllByRole('button', { name: 'Download' })[1]);
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0]).toBe('PC-C73DD2E1-rating-worksheet-NB-20261128-6CEC.json');
    expect(seen.at(-1)?.path).toBe(`${BASE}/versions/v-NB-20261128-6CEC/rating-worksheet`);
  });

  it('shows a failed download in its row', async () => {
    stubApi({
      ...readRoutes(),
      [`GET ${BASE}/documents/d1/content`]: status(404, { code: 'ARTIFACT_NOT_FOUND', message: 'The document has no file' }),
    });
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue();
    renderPolicy();
    const docs = await screen.findByRole('table', { name: 'Policy documents' });
    await userEvent.setup().click(within(docs).getAllByRole('button', { name: 'Download' })[0]);
    expect(await within(docs).findByRole('alert')).toHaveTextContent('The document has no file');
    expect(save).not.toHaveBeenCalled();
  });

  it('shows an empty documents list', async () => {
    stubApi({ ...readRoutes(), [`GET ${BASE}/documents`]: { documents: [] } });
    renderPolicy();
    expect(await screen.findByText('No documents yet.')).toBeInTheDocument();
  });

  it('moves focus to the documents with ?tab=documents', async () => {
    stubApi(readRoutes());
    renderPolicy(agent, '/policies/p1?tab=documents');
    await screen.findByRole('table', { name: 'Policy documents' });
    await vi.waitFor(() =>
      expect(screen.getByRole('heading', { name: 'Documents' })).toHaveFocus(),
    );
  });
});
