// The customer portal: the policy list, one policy's summary, document downloads, and the
// states of both (loading, empty, failure with retry, not available).
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platform } from '@platform';
import { describe, expect, it, vi } from 'vitest';
import { customer, pending, renderAt, status, stubApi } from '../../test/render';
import type { Reply } from '../../test/render';
import { PortalPage } from './PortalPage';
import { detail, documents, ENDORSE_PACKET, NB_PACKET, POLICY_ID, summary } from './testData';

const SUMMARY = 'GET /api/v1/customer-portal/summary';
const DETAIL = `GET /api/v1/customer-portal/policies/${POLICY_ID}`;
const DOCS = `GET /api/v1/customer-portal/policies/${POLICY_ID}/documents`;
const content = (doc: string) =>
  `/api/v1/customer-portal/policies/${POLICY_ID}/documents/${doc}/content`;

function renderList(routes: Record<string, Reply>) {
  const seen = stubApi(routes);
  renderAt(<PortalPage />, { path: '/portal', pattern: '/portal', signedIn: customer });
  return seen;
}

function renderPolicy(routes: Record<string, Reply>, id = POLICY_ID) {
  const seen = stubApi({ [DETAIL]: detail, [DOCS]: documents, ...routes });
  renderAt(<PortalPage />, {
    path: `/portal/policies/${id}`,
    pattern: '/portal/policies/:id',
    signedIn: customer,
  });
  return seen;
}

const pdf = () => new Blob(['%PDF-1.7 test'], { type: 'application/pdf' });

describe('PortalPage: my policies', () => {
  it('shows a loading state', async () => {
    renderList({ [SUMMARY]: pending });
    expect(await screen.findByRole('heading', { name: 'My policies', level: 1 })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Loading your policies');
  });

  it('greets the customer and lists their policies as links', async () => {
    renderList({ [SUMMARY]: summary });
    expect(await screen.findByText('Welcome, Paula Portal')).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'PC-15F0F7F3' });
    expect(link).toHaveAttribute('href', `/portal/policies/${POLICY_ID}`);
    const card = within(link.closest('li') as HTMLElement);
    expect(card.getByText('Personal Auto')).toBeInTheDocument();
    expect(card.getByText('$516.93')).toBeInTheDocument();
    expect(card.getByText('Dec 15, 2026 – Dec 15, 2027')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'PH-00000002' })).toBeInTheDocument();
    expect(screen.getByText('Cancelled')).toBeInTheDocument();
  });

  it('says when there are no policies', async () => {
    renderList({ [SUMMARY]: { ...summary, policies: [] } });
    expect(await screen.findByText('You have no policies yet.')).toBeInTheDocument();
    expect(screen.getByText('Welcome, Paula Portal')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows a failure and retries', async () => {
    let calls = 0;
    renderList({
      [SUMMARY]: () =>
        ++calls === 1 ? status(500, { code: 'DB_ERROR', message: 'Database unavailable' }) : summary,
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Database unavailable');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'PC-15F0F7F3' })).toBeInTheDocument();
    expect(calls).toBe(2);
  });
});

describe('PortalPage: one policy', () => {
  it('shows a loading state', async () => {
    renderPolicy({ [DETAIL]: pending });
    expect(await screen.findByText(/Loading your policy/)).toHaveAttribute('role', 'status');
  });

  it('shows the term, premium, coverages and vehicles', async () => {
    renderPolicy({});
    expect(await screen.findByRole('heading', { name: /Policy PC-15F0F7F3/ })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'My policies', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Dec 15, 2026 – Dec 15, 2027')).toBeInTheDocument();
    expect(screen.getByText('$516.93')).toBeInTheDocument();
    expect(screen.getByText('Paula Portal')).toBeInTheDocument();
    const bi = within(screen.getByRole('row', { name: /Bodily Injury Liability/ }));
    expect(bi.getByText('$100,000 / $300,000')).toBeInTheDocument();
    expect(bi.getByText('$300.71')).toBeInTheDocument();
    const coll = within(screen.getByRole('row', { name: /Collision/ }));
    expect(coll.getByText('$500')).toBeInTheDocument();
    const car = within(screen.getByRole('row', { name: /Subaru/ }));
    expect(car.getByText('JF2SKAEC1NH000001')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'My policies' })).toHaveAttribute('href', '/portal');
  });

  it('downloads the declarations of the latest packet', async () => {
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue(undefined);
    const seen = renderPolicy({ [`GET ${content(ENDORSE_PACKET)}`]: pdf() });
    const u = userEvent.setup();
    await u.click(await screen.findByRole('button', { name: 'Download declarations' }));
    expect(await screen.findByText('Downloaded PC-15F0F7F3-declarations.pdf.')).toBeInTheDocument();
    expect(seen.at(-1)?.path).toBe(content(ENDORSE_PACKET));
    expect(save).toHaveBeenCalledTimes(1);
    const [name, blob] = save.mock.calls[0];
    expect(name).toBe('PC-15F0F7F3-declarations.pdf');
    // The shared fetch stub does not keep a Blob's bytes, so only its presence is checked.
    expect((blob as Blob).size).toBeGreaterThan(0);
  });

  it('downloads the ID card and each other document', async () => {
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue(undefined);
    const seen = renderPolicy({
      [`GET ${content(ENDORSE_PACKET)}`]: pdf(),
      [`GET ${content(NB_PACKET)}`]: pdf(),
    });
    const u = userEvent.setup();
    await u.click(await screen.findByRole('button', { name: 'Download ID card' }));
    await screen.findByText('Downloaded PC-15F0F7F3-id-card.pdf.');
    const others = screen.getAllByRole('button', { name: 'Download' });
    expect(others).toHaveLength(1);
    expect(others[0]).toHaveAccessibleDescription('Policy Document Packet NB-20261128-7XS3');
    await u.click(others[0]);
    await screen.findByText(/Downloaded PC-15F0F7F3-policy-document-packet-nb-20261128-7xs3\.pdf/);
    expect(save.mock.calls.map(([name]) => name)).toEqual([
      'PC-15F0F7F3-id-card.pdf',
      'PC-15F0F7F3-policy-document-packet-nb-20261128-7xs3.pdf',
    ]);
    expect(seen.filter((r) => r.path.endsWith('/content')).map((r) => r.path)).toEqual([
      content(ENDORSE_PACKET),
      content(NB_PACKET),
    ]);
  });

  it('offers no ID card without one', async () => {
    renderPolicy({
      [DETAIL]: { ...detail, idCard: { ...detail.idCard, available: false, vehicles: [] } },
      [DOCS]: { documents: [documents.documents[0]] },
    });
    expect(await screen.findByRole('button', { name: 'Download declarations' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download ID card' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Vehicles' })).not.toBeInTheDocument();
  });

  it('says when a download fails', async () => {
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue(undefined);
    renderPolicy({
      [`GET ${content(ENDORSE_PACKET)}`]: status(403, {
        code: 'FORBIDDEN',
        message: 'Document is not customer-safe',
      }),
    });
    await userEvent
      .setup()
      .click(await screen.findByRole('button', { name: 'Download declarations' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Document is not customer-safe');
    expect(save).not.toHaveBeenCalled();
  });

  it.each([404, 403])('says a policy is not available on %i', async (code) => {
    renderPolicy({
      [DETAIL]: status(code, { code: 'POLICY_NOT_FOUND', message: 'Policy not found' }),
    });
    expect(await screen.findByText('This policy is not available.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'My policies' })).toHaveAttribute('href', '/portal');
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('shows another failure with a retry', async () => {
    let calls = 0;
    renderPolicy({
      [DETAIL]: () =>
        ++calls === 1 ? status(500, { code: 'DB_ERROR', message: 'Database unavailable' }) : detail,
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Database unavailable');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Download declarations' })).toBeInTheDocument();
  });
});
