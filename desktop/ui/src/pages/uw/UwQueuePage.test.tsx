// The underwriting queue: its states, the status filter, reviewing a referral, comments,
// assignment, and approving or declining through the note dialog.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { pending, renderAt, status, stubApi, underwriter, user } from '../../test/render';
import type { Reply } from '../../test/render';
import { UwQueuePage } from '../UwQueuePage';
import { endorseReferral, page, QUOTE_ID, quoteReferral } from './testData';

const LIST = 'GET /api/v1/uw/referrals';
const QUOTE = `GET /api/v1/quotes/${QUOTE_ID}`;
const ONE = `GET /api/v1/uw/referrals/${quoteReferral.referralId}`;
const path = (action: string) => `/api/v1/uw/referrals/${quoteReferral.referralId}/${action}`;

function renderQueue(routes: Record<string, Reply>, signedIn = underwriter) {
  const seen = stubApi({ [QUOTE]: { quoteNumber: 'Q20260620-0001' }, ...routes });
  renderAt(<UwQueuePage />, { path: '/uw/queue', pattern: '/uw/queue', signedIn });
  return seen;
}

/** Opens the quote referral's detail; returns the user-event instance. */
async function review(routes: Record<string, Reply> = {}, signedIn = underwriter) {
  const seen = renderQueue(
    { [LIST]: page([quoteReferral, endorseReferral]), [ONE]: quoteReferral, ...routes },
    signedIn,
  );
  const u = userEvent.setup();
  await u.click(await screen.findByRole('button', { name: 'Review Q20260620-0001' }));
  await screen.findByRole('heading', { name: 'Referral Q20260620-0001' });
  await screen.findByText('No comments yet.');
  return { u, seen };
}

function rowOf(text: string) {
  return screen.getByRole('cell', { name: new RegExp(`^${text}`) }).closest('tr') as HTMLElement;
}

describe('UwQueuePage', () => {
  it('shows a loading state', async () => {
    renderQueue({ [LIST]: pending });
    expect(await screen.findByRole('heading', { name: 'Underwriting referrals' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Loading referrals');
  });

  it('lists open referrals by default and says when none are waiting', async () => {
    const seen = renderQueue({ [LIST]: page([]) });
    expect(await screen.findByText('No referrals waiting.')).toBeInTheDocument();
    expect(seen[0].url).toBe('/api/v1/uw/referrals?status=Open&page=1&pageSize=20');
    expect(screen.getByLabelText('Status')).toHaveValue('Open');
  });

  it('shows a failure and retries', async () => {
    let calls = 0;
    renderQueue({
      [LIST]: () =>
        ++calls === 1
          ? status(500, { code: 'INTERNAL', message: 'The queue is down', traceId: 't-1' })
          : page([endorseReferral]),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('The queue is down');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Review PC-C73DD2E1' })).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('shows each referral with its quote or policy number', async () => {
    renderQueue({ [LIST]: page([quoteReferral, endorseReferral]) });
    await screen.findByRole('button', { name: 'Review Q20260620-0001' });
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers.slice(0, 7)).toEqual([
      'Quote/Policy #',
      'Product',
      'Transaction',
      'Effective',
      'Reasons',
      'Status',
      'Assigned',
    ]);
    const quoteRow = within(rowOf('Q20260620-0001'));
    expect(quoteRow.getByText('Personal Auto')).toBeInTheDocument();
    expect(quoteRow.getByText('New business')).toBeInTheDocument();
    expect(quoteRow.getByText('Jul 1, 2026')).toBeInTheDocument();
    expect(quoteRow.getByText('Driver age under 18 (refer)')).toBeInTheDocument();
    expect(quoteRow.getByText('Unassigned')).toBeInTheDocument();
    const policyRow = within(rowOf('PC-C73DD2E1'));
    expect(policyRow.getByText('Endorsement')).toBeInTheDocument();
    expect(policyRow.getByText('Commercial/rideshare use (refer)')).toBeInTheDocument();
    expect(policyRow.getByText('You')).toBeInTheDocument();
  });

  it('filters by status', async () => {
    const seen = renderQueue({
      [LIST]: (req: { url: string }) =>
        req.url.includes('status=Declined') ? page([endorseReferral]) : page([]),
    });
    await screen.findByText('No referrals waiting.');
    await userEvent.setup().selectOptions(screen.getByLabelText('Status'), 'Declined');
    expect(await screen.findByRole('button', { name: 'Review PC-C73DD2E1' })).toBeInTheDocument();
    expect(seen.map((r) => r.url)).toContain(
      '/api/v1/uw/referrals?status=Declined&page=1&pageSize=20',
    );
  });

  it('shows a referral with its reasons and comment history', async () => {
    renderQueue({
      [LIST]: page([quoteReferral]),
      [ONE]: {
        ...quoteReferral,
        comments: [{ by: 'uw1', text: 'Waiting for the driving record', at: '2026-06-21T09:00:00Z' }],
      },
    });
    await userEvent
      .setup()
      .click(await screen.findByRole('button', { name: 'Review Q20260620-0001' }));
    const detail = await screen.findByRole('region', { name: 'Referral Q20260620-0001' });
    expect(await within(detail).findByText('Waiting for the driving record')).toBeInTheDocument();
    expect(within(detail).getByText('uw1')).toBeInTheDocument();
    expect(within(detail).getAllByText('Driver age under 18 (refer)')).toHaveLength(1);
  });

  it('approves with a note and shows the new status', async () => {
    const approved = {
      ...quoteReferral,
      status: 'Approved',
      decision: 'Approved',
      decidedAt: '2026-06-21T09:00:00Z',
      decisionReason: 'Parent is a named driver',
      comments: [
        { by: 'uw1', text: 'Parent is a named driver', at: '2026-06-21T09:00:00Z', decision: 'Approved' },
      ],
    };
    const { u, seen } = await review({ [`PATCH ${path('approve')}`]: approved });
    await u.click(screen.getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm approval' });
    await u.click(within(dialog).getByRole('button', { name: 'Confirm approval' }));
    expect(within(dialog).getByText('Add a note for the record.')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(0);

    await u.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'Parent is a named driver');
    await u.click(within(dialog).getByRole('button', { name: 'Confirm approval' }));

    const notice = await screen.findByText(/Referral Q20260620-0001 approved/);
    // Announced above the filter (whose options also say "Approved"), and focused.
    expect(notice).toHaveFocus();
    expect(
      notice.compareDocumentPosition(screen.getByLabelText('Status')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    const patch = seen.find((r) => r.method === 'PATCH');
    expect(patch?.path).toBe(path('approve'));
    expect(patch?.body).toEqual({ reason: 'Parent is a named driver' });
    expect(screen.getByTestId('referral-status')).toHaveTextContent('Approved');
    expect(within(rowOf('Q20260620-0001')).getByText('Approved')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('declines with a note', async () => {
    const declined = { ...quoteReferral, status: 'Declined', decision: 'Declined' };
    const { u, seen } = await review({ [`PATCH ${path('decline')}`]: declined });
    await u.click(screen.getByRole('button', { name: 'Decline' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm decline' });
    await u.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'Too young to insure');
    await u.click(within(dialog).getByRole('button', { name: 'Confirm decline' }));

    expect(await screen.findByText('Referral Q20260620-0001 declined.')).toBeInTheDocument();
    const patch = seen.find((r) => r.method === 'PATCH');
    expect(patch?.path).toBe(path('decline'));
    expect(patch?.body).toEqual({ reason: 'Too young to insure' });
    expect(within(rowOf('Q20260620-0001')).getByText('Declined')).toBeInTheDocument();
  });

  it('keeps the dialog open with the reason when a decision is refused', async () => {
    const { u } = await review({
      [`PATCH ${path('approve')}`]: status(400, {
        code: 'REFERRAL_NOT_DECIDABLE',
        message: 'Referral is Withdrawn and can no longer be decided',
      }),
    });
    await u.click(screen.getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm approval' });
    await u.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'ok');
    await u.click(within(dialog).getByRole('button', { name: 'Confirm approval' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Referral is Withdrawn and can no longer be decided',
    );
    expect(screen.getByTestId('referral-status')).toHaveTextContent('Open');
  });

  it('hides the decision for someone who may not decide', async () => {
    const reader = user(['reviewer'], ['page.uw_queue.view', 'uw.referrals.read']);
    await review({}, reader);
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Decline' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Assign to me' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add comment' })).toBeInTheDocument();
  });

  it('offers no decision on a referral already decided', async () => {
    const decided = { ...quoteReferral, status: 'Declined', decision: 'Declined' };
    await review({ [LIST]: page([decided]), [ONE]: decided });
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(screen.getByText(/can no longer be decided/)).toBeInTheDocument();
  });

  it('posts a comment and shows it', async () => {
    const commented = {
      ...quoteReferral,
      comments: [{ by: 'uw1', text: 'Asked for the MVR', at: '2026-06-21T09:00:00Z' }],
    };
    const { u, seen } = await review({ [`POST ${path('comments')}`]: commented });
    await u.click(screen.getByRole('button', { name: 'Add comment' }));
    expect(screen.getByText('Write a comment first.')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);

    await u.type(screen.getByRole('textbox', { name: 'Comment' }), 'Asked for the MVR');
    await u.click(screen.getByRole('button', { name: 'Add comment' }));
    expect(await screen.findByText('Comment added.')).toBeInTheDocument();
    expect(screen.getByText('Asked for the MVR')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Comment' })).toHaveValue('');
    const post = seen.find((r) => r.method === 'POST');
    expect(post?.path).toBe(path('comments'));
    expect(post?.body).toEqual({ text: 'Asked for the MVR' });
  });

  it('assigns the referral to the signed-in underwriter', async () => {
    const mine = { ...quoteReferral, assignedTo: underwriter.id };
    const { u, seen } = await review({ [`PATCH ${path('assign')}`]: mine });
    await u.click(screen.getByRole('button', { name: 'Assign to me' }));
    expect(await screen.findByText('Assigned to you.')).toBeInTheDocument();
    const patch = seen.find((r) => r.method === 'PATCH');
    expect(patch?.path).toBe(path('assign'));
    expect(patch?.body).toEqual({ assignedTo: underwriter.id });
    await waitFor(() => expect(within(rowOf('Q20260620-0001')).getByText('You')).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Assign to me' })).not.toBeInTheDocument();
  });

  it('closes the detail and returns to the row it was opened from', async () => {
    const { u } = await review();
    expect(screen.getByRole('heading', { name: 'Referral Q20260620-0001' })).toHaveFocus();
    await u.click(screen.getByRole('button', { name: 'Close details' }));
    expect(screen.queryByRole('heading', { name: 'Referral Q20260620-0001' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Review Q20260620-0001' })).toHaveFocus();
  });

  it('shows a failure to load the referral with a retry', async () => {
    let calls = 0;
    renderQueue({
      [LIST]: page([quoteReferral]),
      [ONE]: () =>
        ++calls === 1 ? status(503, { code: 'UNAVAILABLE', message: 'Try later' }) : quoteReferral,
    });
    const u = userEvent.setup();
    await u.click(await screen.findByRole('button', { name: 'Review Q20260620-0001' }));
    expect(await screen.findByText('Try later')).toBeInTheDocument();
    await u.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Approve' })).toBeInTheDocument();
  });
});
