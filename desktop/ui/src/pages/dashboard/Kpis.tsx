// The dashboard's key figures, each a labelled card with a way on to the list behind it.
import { useId } from 'react';
import { Link } from 'react-router';

export interface Kpi {
  label: string;
  value: number;
  link?: { to: string; text: string };
}

export function Kpis({ items }: { items: Kpi[] }) {
  return (
    <div className="cards" role="list" aria-label="Key figures">
      {items.map((item) => (
        <KpiCard key={item.label} item={item} />
      ))}
    </div>
  );
}

function KpiCard({ item }: { item: Kpi }) {
  const id = useId();
  return (
    <section className="card" role="listitem" aria-labelledby={id}>
      <h2 id={id} className="kpi-label">
        {item.label}
      </h2>
      <p className="kpi">{item.value.toLocaleString('en-US')}</p>
      {item.link && <Link to={item.link.to}>{item.link.text}</Link>}
    </section>
  );
}
