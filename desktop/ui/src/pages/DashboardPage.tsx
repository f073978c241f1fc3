// The dashboard (/dashboard): key figures and charts from GET /api/v1/dashboard/summary.
import { Link } from 'react-router';
import { api } from '../api/client';
import type { Schemas } from '../api/types';
import { can } from '../auth/permissions';
import { useUser } from '../auth/session';
import { productLabel, statusLabel } from '../components/format';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { useAsync } from '../components/useAsync';
import { BarChart } from './dashboard/BarChart';
import type { Bar } from './dashboard/BarChart';
import { Kpis } from './dashboard/Kpis';
import type { Kpi } from './dashboard/Kpis';
import { statusTone } from './dashboard/labels';
import { TrendChart } from './dashboard/TrendChart';
import './dashboard/Dashboard.css';

type Summary = Schemas['DashboardSummary'];

/** The status chart's order: the life of a policy. */
const STATUS_ORDER = ['Bind', 'Issued', 'Inforced', 'Expired', 'Cancelled'];

function counts(map: Record<string, unknown>): [string, number][] {
  return Object.entries(map).map(([key, value]) => [key, Number(value) || 0]);
}

function statusBars(summary: Summary): Bar[] {
  const rank = (s: string) => (STATUS_ORDER.includes(s) ? STATUS_ORDER.indexOf(s) : 99);
  return counts(summary.statusDistribution)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([status, value]) => ({ label: statusLabel(status), value, tone: statusTone(status) }));
}

function productBars(summary: Summary): Bar[] {
  return counts(summary.productMix)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([code, value]) => ({ label: productLabel(code), value }));
}

export function DashboardPage() {
  const user = useUser();
  const [state, reload] = useAsync(() => api.get<Summary>('/api/v1/dashboard/summary'), []);
  return (
    <>
      <h1>Dashboard</h1>
      {state.status === 'loading' && <Loading what="the dashboard" />}
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={reload} />}
      {state.status === 'ready' && (
        <SummaryView
          summary={state.data}
          canQuote={can(user, 'page.wizard.view')}
          canRefer={can(user, 'page.uw_queue.view')}
        />
      )}
    </>
  );
}

function SummaryView({
  summary,
  canQuote,
  canRefer,
}: {
  summary: Summary;
  canQuote: boolean;
  canRefer: boolean;
}) {
  const kpis: Kpi[] = [
    {
      label: 'Total policies',
      value: summary.totalPolicies,
      link: { to: '/search?mode=policies', text: 'Search policies' },
    },
    {
      label: 'In force',
      value: summary.inForcePolicies,
      link: { to: '/search?mode=policies&status=Inforced', text: 'See in-force policies' },
    },
    {
      label: 'Open quotes',
      value: summary.openQuotes,
      link: { to: '/search?mode=quotes', text: 'See quotes' },
    },
    {
      label: 'Open referrals',
      value: summary.openReferrals,
      link: canRefer ? { to: '/uw/queue', text: 'Review referrals' } : undefined,
    },
  ];
  return (
    <>
      <Kpis items={kpis} />
      {summary.totalPolicies === 0 ? (
        <Empty>
          <p>No policies yet. Policies appear here once a quote is bound.</p>
          {canQuote && <Link to="/wizard">Start a quote</Link>}
        </Empty>
      ) : (
        <div className="charts">
          <BarChart
            caption="Policy status distribution"
            bars={statusBars(summary)}
            empty="No policies yet."
          />
          <BarChart caption="Product mix" bars={productBars(summary)} empty="No policies yet." />
          {summary.trend.length > 0 && (
            <TrendChart caption="6-month trend" points={summary.trend} />
          )}
        </div>
      )}
    </>
  );
}
