// Dialog buttons: submit or click, the busy label, Cancel; a refused confirmation stays open.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { ConfirmDialog, DialogActions } from './ConfirmDialog';

describe('DialogActions', () => {
  it('submits its form and offers Cancel', async () => {
    const onSubmit = vi.fn((e: { preventDefault(): void }) => e.preventDefault());
    const onCancel = vi.fn();
    render(
      <form onSubmit={onSubmit}>
        <DialogActions label="Save roles" busyLabel="Saving…" busy={false} onCancel={onCancel} />
      </form>,
    );
    const save = screen.getByRole('button', { name: 'Save roles' });
    expect(save).toHaveAttribute('type', 'submit');
    expect(save).toHaveClass('primary');
    await userEvent.click(save);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('reads its busy label and disables both buttons while busy', () => {
    render(<DialogActions label="Confirm issue" busyLabel="Issuing…" busy danger onCancel={() => {}} />);
    expect(screen.getByRole('button', { name: 'Issuing…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Issuing…' })).toHaveClass('danger');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  });

  it('confirms on click without a form, and can be disabled for another reason', async () => {
    const onConfirm = vi.fn();
    const { rerender } = render(<DialogActions label="Confirm issue" busy={false} onConfirm={onConfirm} />);
    const button = screen.getByRole('button', { name: 'Confirm issue' });
    expect(button).toHaveAttribute('type', 'button');
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    await userEvent.click(button);
    expect(onConfirm).toHaveBeenCalledTimes(1);
    rerender(<DialogActions label="Confirm issue" busy={false} disabled onConfirm={onConfirm} />);
    expect(button).toBeDisabled();
  });
});

describe('ConfirmDialog', () => {
  it('shows the refusal and stays open when the action fails', async () => {
    const onClose = vi.fn();
    const onConfirm = vi.fn().mockRejectedValue(
      new ApiError(409, { code: 'CONFLICT', message: 'The user signed in meanwhile.' }),
    );
    render(
      <ConfirmDialog title="Delete pat?" confirmLabel="Yes, delete" danger onConfirm={onConfirm} onClose={onClose}>
        <p>This cannot be undone.</p>
      </ConfirmDialog>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The user signed in meanwhile.');
    expect(screen.getByRole('button', { name: 'Yes, delete' })).toBeEnabled();
    expect(onClose).not.toHaveBeenCalled();
  });
});
