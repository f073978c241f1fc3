// The policy view's transactions: the requests each dialog sends, the notices after, and
// server errors kept inside the dialog with what the user typed.
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Seen } from '../../test/render';
import { agent, renderAt, status, stubApi, underwriter } from '../../test/render';
import { REASON_CODES_PATH } from './CancelDialog';
import { BASE, cancelledPolicy, endorseDate, readRoutes } from './fixtures';
import { PolicyPage } from './PolicyPage';

const usd = (amount: number) => ({ amount, currency: 'USD' });

const endorsePreview = {
  effectiveDate: endorseDate,
  underwriting: { decision: 'Eligible', reasons: [] },
  premium: {
    byCoverage: [
      { code: 'BI', amount: usd(75.13), deltaType: 'ADD', fullTermOld: usd(300.71), fullTermNew: usd(383.56) },
    ],
    fees: usd(0),
    taxes: usd(3.58),
    total: usd(122.91),
  },
  fullTerm: { old: usd(516.93), new: usd(652.47), delta: usd(135.54) },
  retroAdjustment: {
    totalDelta: usd(122.91),
    feesDelta: usd(0),
    taxesDelta: usd(3.58),
    impactedSegments: [
      { from: endorseDate, to: '2027-11-27', totalDelta: usd(122.91), feesDelta: usd(0), taxesDelta: usd(3.58) },
    ],
  },
  timeline: { wouldRebase: false, rebasedTransactions: [] },
  changes: [{ op: 'replace', path: '/uwAnswers/driverAge', value: 22 }],
};

function result(type: string, number: string, total: number, meta: object = {}) {
  return {
    policyId: 'p1',
    transactionId: 't9',
    versionId: 'v9',
    effectiveDate: endorseDate,
    processedDate: '2026-11-28T00:37:49Z',
    transactionType: type,
    transactionNumber: number,
    status: 'Issued',
    premium: { byCoverage: [], fees: usd(0), taxes: usd(0), total: usd(total) },
    meta,
  };
}

const reasonCodes = {
  items: [
    { reasonCode: 'INSURED_REQUEST', description: 'Insured requested cancellation', returnPremium: 'SHORT_RATE', noticeDays: 0 },
    { reasonCode: 'NON_PAYMENT', description: 'Non-payment of premium', returnPremium: 'PRO_RATA', noticeDays: 10 },
  ],
};

function renderPolicy(signedIn = agent, path = '/policies/p1') {
  return renderAt(<PolicyPage />, { path, pattern: '/policies/:id', signedIn });
}

const policyLoads = (seen: Seen[]) =>
  seen.filter((r) => r.method === 'GET' && r.path === BASE).length;

async function openDialog(button: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: button }));
  return { user, dialog: await screen.findByRole('dialog') };
}

describe('PolicyPage transactions', () => {
  it('previews an endorsement, confirms it and reports the premium change', async () => {
    const seen = stubApi({
      ...readRoutes(),
      [`POST ${BASE}/endorse/preview`]: endorsePreview,
      [`POST ${BASE}/endorse`]: status(201, result('Endorse', 'EN-20261128-GEEB', 122.91)),
    });
    renderPolicy();
    const { user, dialog } = await openDialog('Endorse');
    expect(within(dialog).getByRole('heading', { name: 'Endorse policy' })).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Effective date'), { target: { value: endorseDate } });
    const age = within(dialog).getByLabelText('Driver age');
    expect(age).toHaveValue(35);
    await user.clear(age);
    await user.type(age, '22');
    expect(within(dialog).queryByRole('button', { name: 'Confirm endorsement' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));

    expect(await within(dialog).findByTestId('premium-change')).toHaveTextContent('+$122.91');
    expect(within(dialog).getByText(/\$516\.93 → \$652\.47/)).toBeInTheDocument();
    const body = { effectiveDate: endorseDate, changes: [{ op: 'replace', path: '/uwAnswers/driverAge', value: 22 }] };
    const preview = seen.find((r) => r.path === `${BASE}/endorse/preview`);
    expect(preview?.method).toBe('POST');
    expect(preview?.body).toEqual(body);

    const loadsBefore = policyLoads(seen);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm endorsement' }));
    const notice = await screen.findByText(/Endorsement EN-20261128-GEEB recorded/);
    expect(notice).toHaveTextContent('Premium change: +$122.91');
    expect(notice.closest('[role="status"]')).toHaveFocus();
    expect(seen.find((r) => r.method === 'POST' && r.path === `${BASE}/endorse`)?.body).toEqual(body);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await screen.findByRole('button', { name: 'Endorse' });
    expect(policyLoads(seen)).toBeGreaterThan(loadsBefore);
  });

  it('sends changes to a vehicle and raw JSON Patch changes together', async () => {
    const seen = stubApi({ ...readRoutes(), [`POST ${BASE}/endorse/preview`]: endorsePreview });
    renderPolicy();
    const { user, dialog } = await openDialog('Endorse');
    const miles = within(dialog).getByLabelText('Vehicle 1: Annual miles');
    await user.clear(miles);
    await user.type(miles, '15000');
    fireEvent.change(within(dialog).getByLabelText('Other changes (JSON Patch)'), {
      target: { value: '[{"op":"remove","path":"/coverages/1"}]' },
    });
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await within(dialog).findByTestId('premium-change');
    expect((seen.at(-1)?.body as { changes: unknown }).changes).toEqual([
      { op: 'replace', path: '/risks/0/annualMiles', value: 15000 },
      { op: 'remove', path: '/coverages/1' },
    ]);
  });

  it('asks for a change before previewing an endorsement', async () => {
    const seen = stubApi(readRoutes());
    renderPolicy();
    const { user, dialog } = await openDialog('Endorse');
    const before = seen.length;
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(within(dialog).getByText('Change at least one value')).toBeInTheDocument();
    expect(seen.length).toBe(before);
  });

  it('keeps the dialog and the values when underwriting refers the endorsement', async () => {
    stubApi({
      ...readRoutes(),
      [`POST ${BASE}/endorse/preview`]: endorsePreview,
      [`POST ${BASE}/endorse`]: status(400, {
        code: 'UW_REFERRAL_REQUIRED',
        message: 'Underwriting decision: Refer. Referral r-1 requires underwriter approval first.',
        details: { referralId: 'r-1', reasons: ['Driver age under 18 (refer)'] },
      }),
    });
    renderPolicy();
    const { user, dialog } = await openDialog('Endorse');
    const age = within(dialog).getByLabelText('Driver age');
    await user.clear(age);
    await user.type(age, '17');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Confirm endorsement' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Referral r-1 requires underwriter approval');
    expect(alert).toHaveTextContent('An underwriter must approve the referral r-1 in the Referrals queue');
    expect(within(dialog).getByLabelText('Driver age')).toHaveValue(17);
    expect(within(dialog).queryByLabelText('Override reason')).not.toBeInTheDocument();
  });

  it('lets an underwriter approve a referral on the spot with an override reason', async () => {
    let attempts = 0;
    const seen = stubApi({
      ...readRoutes(),
      [`POST ${BASE}/endorse/preview`]: endorsePreview,
      [`POST ${BASE}/endorse`]: () =>
        ++attempts === 1
          ? status(400, { code: 'UW_REFERRAL_REQUIRED', message: 'Referral r-1 requires underwriter approval first.' })
          : status(201, result('Endorse', 'EN-20261128-AAAA', 10)),
    });
    renderPolicy(underwriter);
    const { user, dialog } = await openDialog('Endorse');
    const age = within(dialog).getByLabelText('Driver age');
    await user.clear(age);
    await user.type(age, '17');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Confirm endorsement' }));
    await user.type(await within(dialog).findByLabelText('Override reason'), 'Parent named driver');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm endorsement' }));
    expect(await screen.findByText(/Endorsement EN-20261128-AAAA recorded/)).toBeInTheDocument();
    const sent = seen.filter((r) => r.method === 'POST' && r.path === `${BASE}/endorse`);
    expect(sent[1].body).toMatchObject({ overrideReason: 'Parent named driver' });
  });

  it('cancels with a reason code and reports the refund', async () => {
    const seen = stubApi({
      ...readRoutes(),
      [`GET ${REASON_CODES_PATH}`]: reasonCodes,
      [`POST ${BASE}/cancel`]: status(
        201,
        result('Cancel', 'CN-20261128-TXIG', -267.51, {
          refund: usd(267.51),
          returnPremiumMethod: 'SHORT_RATE',
          earnedPercent: 59,
        }),
      ),
    });
    renderPolicy();
    const { user, dialog } = await openDialog('Cancel policy');
    fireEvent.change(within(dialog).getByLabelText('Effective date'), { target: { value: endorseDate } });
    await user.selectOptions(await within(dialog).findByLabelText('Reason'), 'INSURED_REQUEST');
    expect(within(dialog).getByText(/Return premium: short rate/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Notes'), 'Moving abroad');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm cancellation' }));
    expect(await screen.findByText(/Cancellation CN-20261128-TXIG recorded/)).toHaveTextContent(
      'Refund: $267.51 (short rate, 59% earned)',
    );
    expect(seen.find((r) => r.method === 'POST' && r.path === `${BASE}/cancel`)?.body).toEqual({
      effectiveDate: endorseDate,
      cancellationReasonCode: 'INSURED_REQUEST',
      reason: 'Moving abroad',
    });
  });

  it('requires a reason and shows the server’s field errors in the cancel dialog', async () => {
    const seen = stubApi({
      ...readRoutes(),
      [`GET ${REASON_CODES_PATH}`]: reasonCodes,
      [`POST ${BASE}/cancel`]: status(422, {
        code: 'EFFECTIVE_DATE_OUT_OF_TERM',
        message: 'The effective date 2030-01-01 is outside the policy term',
      }),
    });
    renderPolicy();
    const { user, dialog } = await openDialog('Cancel policy');
    await within(dialog).findByLabelText('Reason');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm cancellation' }));
    expect(within(dialog).getByText('Choose a reason')).toBeInTheDocument();
    expect(seen.some((r) => r.path === `${BASE}/cancel`)).toBe(false);

    await user.selectOptions(within(dialog).getByLabelText('Reason'), 'NON_PAYMENT');
    fireEvent.change(within(dialog).getByLabelText('Effective date'), { target: { value: '2030-01-01' } });
    await user.click(within(dialog).getByRole('button', { name: 'Confirm cancellation' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Choose another effective date');
    expect(within(dialog).getByLabelText('Effective date')).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText('Reason')).toHaveValue('NON_PAYMENT');
  });

  it('reinstates a cancelled policy from its cancellation date', async () => {
    const cancelled = cancelledPolicy(endorseDate);
    const seen = stubApi({
      ...readRoutes(cancelled),
      [`POST ${BASE}/reinstate`]: status(201, result('Reinstate', 'RI-20261128-LGNA', 486.22)),
    });
    renderPolicy();
    const { user, dialog } = await openDialog('Reinstate');
    expect(within(dialog).getByLabelText('Effective date')).toHaveValue(endorseDate);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm reinstatement' }));
    expect(await screen.findByText(/Reinstatement RI-20261128-LGNA recorded/)).toHaveTextContent(
      'Premium charged: $486.22',
    );
    expect(seen.find((r) => r.path === `${BASE}/reinstate`)?.body).toEqual({ effectiveDate: endorseDate });
  });

  it('rewrites a cancelled policy', async () => {
    const seen = stubApi({
      ...readRoutes(cancelledPolicy(endorseDate)),
      [`POST ${BASE}/rewrite`]: status(201, result('Rewrite', 'RW-20261128-MR2Q', 516.93)),
    });
    renderPolicy();
    const { user, dialog } = await openDialog('Rewrite');
    expect(within(dialog).getByLabelText('Effective date')).toHaveValue(endorseDate);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm rewrite' }));
    expect(await screen.findByText(/Rewrite RW-20261128-MR2Q recorded/)).toHaveTextContent('$516.93');
    expect(seen.find((r) => r.path === `${BASE}/rewrite`)?.body).toEqual({ effectiveDate: endorseDate });
  });

  it('previews a renewal and then renews', async () => {
    const seen = stubApi({
      ...readRoutes(),
      [`POST ${BASE}/renew/preview`]: {
        underwriting: { decision: 'Eligible', reasons: [] },
        premium: { byCoverage: [], calcTrace: {}, fees: usd(25), taxes: usd(18.28), total: usd(652.47) },
        nextEffectiveDate: '2027-11-28',
        nextExpirationDate: '2028-11-28',
      },
      [`POST ${BASE}/renew`]: status(201, result('Renew', 'RN-20261128-OXJ7', 652.47)),
    });
    renderPolicy();
    const { user, dialog } = await openDialog('Renew');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(await within(dialog).findByTestId('renewal-premium')).toHaveTextContent('$652.47');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm renewal' }));
    expect(await screen.findByText(/Renewal RN-20261128-OXJ7 recorded/)).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST' && r.path === `${BASE}/renew`)?.body).toEqual({});
  });

  it('sends a non-renewal notice with its reason', async () => {
    const seen = stubApi({
      ...readRoutes(),
      [`POST ${BASE}/non-renew`]: status(201, {
        ok: true,
        policyId: 'p1',
        transactionNumber: 'NR-20261128-ZL55',
        nonRenewedAt: '2027-11-28',
        noticeDate: '2027-09-01',
        reasonCode: 'MARKET_EXIT',
        message: 'Policy PC-C73DD2E1 will not renew',
      }),
    });
    renderPolicy();
    const { user, dialog } = await openDialog('Non-renew');
    fireEvent.change(within(dialog).getByLabelText('Notice date'), { target: { value: '2027-09-01' } });
    await user.selectOptions(within(dialog).getByLabelText('Reason'), 'MARKET_EXIT');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm non-renewal' }));
    expect(await screen.findByText(/Non-renewal NR-20261128-ZL55 recorded/)).toBeInTheDocument();
    expect(seen.find((r) => r.path === `${BASE}/non-renew`)?.body).toEqual({
      reasonCode: 'MARKET_EXIT',
      noticeDate: '2027-09-01',
    });
  });

  it('opens the dialog named by ?action=', async () => {
    stubApi({ ...readRoutes(), [`GET ${REASON_CODES_PATH}`]: reasonCodes });
    renderPolicy(agent, '/policies/p1?action=cancel');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading', { name: 'Cancel policy' })).toBeInTheDocument();
  });
});
