// Dashboard: loading, failure with retry, the empty tenant, and the figures and charts.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/types';
import { agent, pending, renderAt, status, stubApi, underwriter, user } from '../../test/render';
import { DashboardPage } from '../DashboardPage';

const SUMMARY = 'GET /api/v1/dashboard/summary';

const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

function summary(extra: Partial<Schemas['DashboardSummary']> = {}): Schemas['DashboardSummary'] {
  return {
    totalPolicies: 7,
    inForcePolicies: 2,
    openQuotes: 3,
    openReferrals: 1,
    customers: 0,
    statusDistribution: { Bind: 1, Inforced: 2, Issued: 4 },
    productMix: { 'personal-auto': 5, cyber: 2 },
    trend: months.map((month, i) => ({
      month,
      newPolicies: i === 5 ? 7 : 0,
      newQuotes: i === 5 ? 8 : i,
      writtenPremium: i === 5 ? 4006.13 : 0,
    })),
    ...extra,
  };
}

const empty = summary({
  totalPolicies: 0,
  inForcePolicies: 0,
  openQuotes: 0,
  openReferrals: 0,
  statusDistribution: {},
  productMix: {},
  trend: months.map((month) => ({ month, newPolicies: 0, newQuotes: 0, writtenPremium: 0 })),
});

function renderDashboard(signedIn = agent) {
  return renderAt(<DashboardPage />, { path: '/dashboard', pattern: '/dashboard', signedIn });
}

function kpi(label: string) {
  return screen.getByRole('listitem', { name: label });
}

describe('DashboardPage', () => {
  it('shows a loading state under the heading', async () => {
    stubApi({ [SUMMARY]: pending });
    renderDashboard();
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Loading the dashboard');
    expect(screen.queryByRole('list', { name: 'Key figures' })).not.toBeInTheDocument();
  });

  it('shows a failure and retries', async () => {
    let calls = 0;
    const seen = stubApi({
      [SUMMARY]: () =>
        ++calls === 1
          ? status(500, { code: 'INTERNAL_ERROR', message: 'Database unavailable', traceId: 'tr-9' })
          : summary(),
    });
    renderDashboard();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Database unavailable');
    expect(alert).toHaveTextContent('Reference: tr-9');
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Key figures' })).toBeInTheDocument();
    expect(seen.map((r) => r.url)).toEqual(['/api/v1/dashboard/summary', '/api/v1/dashboard/summary']);
  });

  it('invites an agent to start a quote when there are no policies', async () => {
    stubApi({ [SUMMARY]: empty });
    renderDashboard();
    expect(await screen.findByText(/No policies yet/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start a quote' })).toHaveAttribute('href', '/wizard');
    expect(within(kpi('Total policies')).getByText('0')).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('offers no quote link to a user who may not quote', async () => {
    stubApi({ [SUMMARY]: empty });
    renderDashboard(user(['viewer'], ['page.search.view']));
    expect(await screen.findByText(/No policies yet/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Start a quote' })).not.toBeInTheDocument();
  });

  it('shows the key figures and the charts with their values', async () => {
    stubApi({ [SUMMARY]: summary() });
    renderDashboard(underwriter);
    await screen.findByRole('list', { name: 'Key figures' });
    expect(kpi('Total policies')).toHaveTextContent('7');
    expect(kpi('In force')).toHaveTextContent('2');
    expect(kpi('Open quotes')).toHaveTextContent('3');
    expect(kpi('Open referrals')).toHaveTextContent('1');
    expect(within(kpi('Open referrals')).getByRole('link', { name: 'Review referrals' })).toHaveAttribute(
      'href',
      '/uw/queue',
    );
    expect(within(kpi('In force')).getByRole('link')).toHaveAttribute(
      'href',
      '/search?mode=policies&status=Inforced',
    );

    const status = screen.getByRole('figure', { name: 'Policy status distribution' });
    expect(within(status).getByRole('img')).toHaveAccessibleName(
      'Policy status distribution: Bind 1, Issued 4, In Force 2',
    );
    const mix = screen.getByRole('figure', { name: 'Product mix' });
    expect(within(mix).getByRole('img')).toHaveAccessibleName('Product mix: Personal Auto 5, Cyber 2');

    const trend = screen.getByRole('figure', { name: '6-month trend' });
    const november = within(trend).getByRole('row', { name: /Nov 2026/ });
    expect(within(november).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      '7',
      '8',
      '$4,006.13',
    ]);
    expect(within(trend).getAllByRole('row')).toHaveLength(7);
  });

  it('hides the referrals link from an agent', async () => {
    stubApi({ [SUMMARY]: summary() });
    renderDashboard(agent);
    await screen.findByRole('list', { name: 'Key figures' });
    expect(within(kpi('Open referrals')).queryByRole('link')).not.toBeInTheDocument();
  });
});
