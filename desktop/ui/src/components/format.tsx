// Display formats for money, dates and statuses.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Money from the API: a decimal string or number ("1234.50"). */
export function money(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? usd.format(n) : String(value);
}

/** An ISO date (2026-01-31) or timestamp as a short date. */
export function date(value: string | null | undefined): string {
  if (!value) return '–';
  const d = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A product code as a name, for when no product name is at hand: `personal-auto` → `Personal Auto`. */
export function productLabel(code: string): string {
  return code
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** Status labels as people say them. */
export function statusLabel(status: string): string {
  return status === 'Inforced' ? 'In Force' : status;
}

export function StatusBadge({ status }: { status: string }) {
  const tone =
    {
      Cancelled: 'red',
      Declined: 'red',
      Expired: 'gray',
      NonRenewed: 'gray',
      Inforced: 'green',
      Approved: 'green',
      Issued: 'blue',
      Bind: 'blue',
      Bound: 'blue',
    }[status] ?? 'yellow';
  return <span className={`badge badge-${tone}`}>{statusLabel(status)}</span>;
}
