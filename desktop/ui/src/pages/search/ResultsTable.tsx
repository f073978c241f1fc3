// A results table: the first column heads each row; sortable headings are buttons and
// their <th> carries aria-sort.
import type { Column } from './columns';
import type { SortDir } from './criteria';

export function ResultsTable<T>({
  label,
  columns,
  rows,
  rowKey,
  productName,
  sortBy,
  sortDir,
  onSort,
}: {
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  productName: (code: string) => string;
  sortBy: string;
  sortDir: SortDir;
  onSort: (sortKey: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="results" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => {
              const sorted = !!column.sortKey && column.sortKey === sortBy;
              const ariaSort = !column.sortKey
                ? undefined
                : sorted
                  ? sortDir === 'asc'
                    ? 'ascending'
                    : 'descending'
                  : 'none';
              return (
                <th
                  key={column.label}
                  scope="col"
                  aria-sort={ariaSort}
                  className={column.numeric ? 'num' : undefined}
                >
                  {column.sortKey ? (
                    <button type="button" className="sort" onClick={() => onSort(column.sortKey!)}>
                      {column.label}
                      <span aria-hidden="true" className="sort-mark">
                        {sorted ? (sortDir === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) => {
                const content = column.cell(row, productName);
                const className = column.numeric ? 'num' : undefined;
                return i === 0 ? (
                  <th key={column.label} scope="row" className={className}>
                    {content}
                  </th>
                ) : (
                  <td key={column.label} className={className}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
