// Previous / next paging for a list: "Showing a–b of n" or "Page p of n", and optionally
// the page size. Hidden while everything fits on the first page, unless sizes are offered.
import { Field } from './Field';

export function Pager({
  label = 'Pages',
  className,
  page,
  pageSize,
  total,
  shown,
  live = false,
  pageSizes,
  onPage,
  onPageSize,
}: {
  /** The navigation's accessible name. */
  label?: string;
  /** Classes besides `pager`. */
  className?: string;
  page: number;
  pageSize: number;
  total: number;
  /** Rows on this page: shows "Showing a–b of n" before the buttons, else "Page p of n" between them. */
  shown?: number;
  /** Announces "Showing a–b of n" as a status when the page changes. */
  live?: boolean;
  /** Offers these page sizes as "Rows per page" (with onPageSize); the pager then always shows. */
  pageSizes?: number[];
  onPage: (page: number) => void;
  onPageSize?: (size: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const sizes = pageSizes && onPageSize ? { list: pageSizes, onChange: onPageSize } : null;
  if (!sizes && page <= 1 && pages <= 1) return null;
  const first = (page - 1) * pageSize + 1;
  const range = shown === undefined ? null : `Showing ${first}–${first + shown - 1} of ${total}`;
  return (
    <nav className={className ? `pager ${className}` : 'pager'} aria-label={label}>
      {range !== null &&
        (live ? (
          <p className="muted" role="status">
            {range}
          </p>
        ) : (
          <span className="muted">{range}</span>
        ))}
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      {range === null && (
        <span>
          Page {page} of {pages}
        </span>
      )}
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next page
      </button>
      {sizes && (
        <Field label="Rows per page">
          <select value={pageSize} onChange={(e) => sizes.onChange(Number(e.target.value))}>
            {sizes.list.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </Field>
      )}
    </nav>
  );
}
