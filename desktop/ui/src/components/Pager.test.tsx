// The shared pager: its two summaries, when it hides, and the page-size choice.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Pager } from './Pager';

describe('Pager', () => {
  it('shows the range of rows and moves between pages', async () => {
    const onPage = vi.fn();
    render(<Pager label="Referral pages" page={2} pageSize={20} total={45} shown={20} onPage={onPage} />);
    const nav = screen.getByRole('navigation', { name: 'Referral pages' });
    expect(nav).toHaveTextContent('Showing 21–40 of 45');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(onPage.mock.calls).toEqual([[1], [3]]);
  });

  it('says which page of how many without the rows on it', () => {
    render(<Pager page={3} pageSize={50} total={120} onPage={() => {}} />);
    expect(screen.getByRole('navigation', { name: 'Pages' })).toHaveTextContent('Page 3 of 3');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeEnabled();
  });

  it('hides while everything fits on the first page', () => {
    const { container } = render(<Pager page={1} pageSize={50} total={50} onPage={() => {}} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('always shows with page sizes, announcing the range', async () => {
    const onPageSize = vi.fn();
    render(
      <Pager
        label="Policies pages"
        className="search-pager"
        page={1}
        pageSize={20}
        total={3}
        shown={3}
        live
        pageSizes={[10, 20, 50]}
        onPage={() => {}}
        onPageSize={onPageSize}
      />,
    );
    expect(screen.getByRole('navigation', { name: 'Policies pages' })).toHaveClass('pager', 'search-pager');
    expect(screen.getByRole('status')).toHaveTextContent('Showing 1–3 of 3');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await userEvent.selectOptions(screen.getByLabelText('Rows per page'), '50');
    expect(onPageSize).toHaveBeenCalledWith(50);
  });
});
