// AsyncContent: loading, the failure with a retry, the empty state, then the content.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AsyncContent } from './States';
import type { Async } from './useAsync';

function show(state: Async<string[]>, onRetry = () => {}) {
  return render(
    <AsyncContent
      state={state}
      what="users"
      onRetry={onRetry}
      isEmpty={(names) => names.length === 0}
      empty="There are no users yet."
    >
      {(names) => <p>{names.join(', ')}</p>}
    </AsyncContent>,
  );
}

describe('AsyncContent', () => {
  it('says what is loading', () => {
    show({ status: 'loading' });
    expect(screen.getByRole('status')).toHaveTextContent('Loading users…');
  });

  it('shows the failure with a retry', async () => {
    const retry = vi.fn();
    show({ status: 'error', error: new Error('Server down') }, retry);
    expect(screen.getByRole('alert')).toHaveTextContent('Server down');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('shows the empty state, else the content', () => {
    const { rerender } = show({ status: 'ready', data: [] });
    expect(screen.getByRole('status')).toHaveTextContent('There are no users yet.');
    rerender(
      <AsyncContent state={{ status: 'ready', data: ['ann', 'bo'] }} what="users" onRetry={() => {}}>
        {(names) => <p>{names.join(', ')}</p>}
      </AsyncContent>,
    );
    expect(screen.getByText('ann, bo')).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
