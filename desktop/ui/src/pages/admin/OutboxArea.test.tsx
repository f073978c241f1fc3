// Outbox: failed messages by default, the status filter and "Retry".
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { admin, pending, renderAt, status, stubApi, user } from '../../test/render';
import { AdminPage } from './AdminPage';
import { failedMessage, page } from './testData';

const LIST = 'GET /api/v1/admin/outbox';

function renderOutbox(signedIn = admin) {
  return renderAt(<AdminPage />, { path: '/admin/outbox', pattern: '/admin/*', signedIn });
}

describe('Outbox', () => {
  it('shows a loading state', async () => {
    stubApi({ [LIST]: pending });
    renderOutbox();
    expect(await screen.findByText(/Loading outbox messages/)).toBeInTheDocument();
  });

  it('shows a failure', async () => {
    stubApi({ [LIST]: status(403, { code: 'FORBIDDEN', message: 'Missing admin.jobs.read' }) });
    renderOutbox();
    expect(await screen.findByRole('alert')).toHaveTextContent('Missing admin.jobs.read');
  });

  it('says when nothing failed, and filters by status', async () => {
    const seen = stubApi({ [LIST]: page([]) });
    renderOutbox();
    expect(await screen.findByText(/No failed messages/)).toBeInTheDocument();
    await userEvent.setup().selectOptions(screen.getByLabelText('Status'), 'All');
    expect(await screen.findByText('No messages with this status.')).toBeInTheDocument();
    expect(seen.map((r) => r.url)).toEqual([
      '/api/v1/admin/outbox?status=Failed&page=1&pageSize=25',
      '/api/v1/admin/outbox?page=1&pageSize=25',
    ]);
  });

  it('retries a failed message', async () => {
    const seen = stubApi({
      [LIST]: page([failedMessage]),
      [`POST /api/v1/admin/outbox/${failedMessage.messageId}/retry`]: status(204, null),
    });
    renderOutbox();
    const row = within(await screen.findByRole('row', { name: /policy\.issued/ }));
    expect(row.getByText('connection refused')).toBeInTheDocument();
    await userEvent.setup().click(row.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText(/queued for another attempt/)).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST')!.path).toBe(
      `/api/v1/admin/outbox/${failedMessage.messageId}/retry`,
    );
  });

  it('offers no retry without admin.jobs.manage', async () => {
    stubApi({ [LIST]: page([failedMessage]) });
    renderOutbox(user(['ops'], ['menu.admin.view', 'page.admin.dashboard.view', 'admin.jobs.read']));
    await screen.findByRole('row', { name: /policy\.issued/ });
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });
});
