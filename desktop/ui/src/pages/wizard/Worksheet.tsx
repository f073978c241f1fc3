// The rating worksheet: every factor and coverage multiplier from the premium's trace, and
// the underwriting decision with its reasons.
import { money } from '../../components/format';
import type { CoverageConfig, Premium, Underwriting } from './wizardTypes';

const num = (n: number, digits = 4) =>
  Number.isFinite(n) ? Number(n.toFixed(digits)).toString() : String(n);

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function DecisionBadge({ decision }: { decision: string }) {
  const tone = { Eligible: 'green', Refer: 'yellow', Decline: 'red' }[decision] ?? 'gray';
  return <span className={`badge badge-${tone}`}>{decision}</span>;
}

/** The decision, its reasons, and what it means for binding. */
export function Decision({ underwriting }: { underwriting: Underwriting }) {
  const { decision, reasons } = underwriting;
  return (
    <div className="wizard-decision">
      <p>
        Underwriting decision: <DecisionBadge decision={decision} />
      </p>
      {reasons.length > 0 && (
        <ul aria-label="Underwriting reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {decision === 'Refer' && (
        <p className="notice" role="status">
          This quote is referred to underwriting. It can be bound once an underwriter approves
          the referral (an underwriter can approve it at bind with an override reason).
        </p>
      )}
      {decision === 'Decline' && (
        <p className="notice wizard-declined" role="status">
          This quote is declined by underwriting and cannot be bound. Change the risk or
          coverages and rate again.
        </p>
      )}
    </div>
  );
}

export function Worksheet({ premium, coverages }: { premium: Premium; coverages: CoverageConfig[] }) {
  const trace = premium.calcTrace;
  const nameOf = (code: string) => coverages.find((c) => c.code.toUpperCase() === code.toUpperCase())?.name ?? code;
  return (
    <section aria-labelledby="worksheet-title">
      <h3 id="worksheet-title">Rating worksheet</h3>
      <p className="muted">
        {trace.source} · base premium {money(trace.base)}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="muted">Rating factors</caption>
          <thead>
            <tr>
              <th scope="col">Factor</th>
              <th scope="col">Input</th>
              <th scope="col">Matched</th>
              <th scope="col" className="num">Multiplier</th>
            </tr>
          </thead>
          <tbody>
            {trace.factors.map((f) => (
              <tr key={f.name}>
                <td>{f.name}</td>
                <td>{show(f.input)}</td>
                <td>{f.matched ?? 'default'}</td>
                <td className="num">× {num(f.factor)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>Adjusted base</th>
              <td className="num">{money(trace.adjustedBase)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="muted">Coverages</caption>
          <thead>
            <tr>
              <th scope="col">Coverage</th>
              <th scope="col" className="num">Weight</th>
              <th scope="col">Multipliers</th>
              <th scope="col" className="num">Premium</th>
            </tr>
          </thead>
          <tbody>
            {trace.coverages.map((c) => (
              <tr key={c.code}>
                <td>{nameOf(c.code)}</td>
                <td className="num">{num(c.weight)}</td>
                <td>
                  {c.curves.length === 0
                    ? '–'
                    : c.curves.map((k) => `${k.of} ${num(k.value, 2)} (${k.kind}) × ${num(k.factor)}`).join('; ')}
                </td>
                <td className="num">{money(c.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>Subtotal</th>
              <td className="num">{money(trace.subtotal)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={3}>Fee</th>
              <td className="num">{money(trace.fee)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={3}>Tax rate</th>
              <td className="num">{num(trace.taxRate * 100, 2)}%</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
