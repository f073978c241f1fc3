// Display names for the codes the dashboard and search show (product codes, months, tones).
// Product codes are named by productLabel in components/format, which other pages share.

/** "2026-06" -> "Jun 2026". */
export function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const when = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return when.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** The colour of a policy status, as its badge shows it. */
export function statusTone(status: string): string {
  return (
    {
      Cancelled: 'red',
      Expired: 'gray',
      NonRenewed: 'gray',
      Inforced: 'green',
      Issued: 'blue',
      Bind: 'blue',
      Bound: 'blue',
    }[status] ?? 'yellow'
  );
}
