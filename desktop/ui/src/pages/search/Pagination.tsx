// "Showing a–b of n", the previous and next page buttons, and the page size.
import { Field } from '../../components/Field';
import { PAGE_SIZES } from './criteria';

export function Pagination({
  page,
  pageSize,
  total,
  shown,
  noun,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** Rows on this page. */
  shown: number;
  noun: string;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const first = (page - 1) * pageSize + 1;
  const last = first + shown - 1;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager search-pager" aria-label={`${noun} pages`}>
      <p className="muted" role="status">
        Showing {first}–{last} of {total}
      </p>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next page
      </button>
      <Field label="Rows per page">
        <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </Field>
    </nav>
  );
}
