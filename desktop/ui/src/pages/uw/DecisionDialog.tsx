// Approve or decline a referral: asks for the note that goes on the record, then decides.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { DialogActions } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/States';
import type { Decision, Referral } from './uwApi';
import { decideReferral } from './uwApi';

const WORDS: Record<Decision, { title: string; confirm: string; hint: string }> = {
  approve: {
    title: 'Confirm approval',
    confirm: 'Confirm approval',
    hint: 'Why the risk is acceptable. The agent can then bind.',
  },
  decline: {
    title: 'Confirm decline',
    confirm: 'Confirm decline',
    hint: 'Why the risk is not acceptable. The agent cannot bind this quote.',
  },
};

export function DecisionDialog({
  referral,
  number,
  decision,
  onClose,
  onDecided,
}: {
  referral: Referral;
  number: string;
  decision: Decision | null;
  onClose: () => void;
  onDecided: (updated: Referral, decision: Decision) => void;
}) {
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const words = WORDS[decision ?? 'approve'];

  function close() {
    if (sending) return;
    setNote('');
    setMissing(false);
    setError(null);
    onClose();
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (!decision) return;
    if (!note.trim()) {
      setMissing(true);
      return;
    }
    setSending(true);
    setError(null);
    try {
      const updated = await decideReferral(referral.referralId, decision, note.trim());
      setNote('');
      setMissing(false);
      onDecided(updated, decision);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  return (
    <Dialog title={words.title} open={decision !== null} onClose={close}>
      <form className="uw-dialog" onSubmit={confirm} noValidate>
        <p>
          {decision === 'decline' ? 'Decline' : 'Approve'} referral {number} for{' '}
          {referral.insuredName}.
        </p>
        <Field label="Note" hint={words.hint} error={missing ? 'Add a note for the record.' : null}>
          <textarea
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
              if (e.target.value.trim()) setMissing(false);
            }}
            autoFocus
          />
        </Field>
        {error !== null && <ErrorNotice error={error} />}
        <DialogActions
          label={words.confirm}
          busy={sending}
          danger={decision === 'decline'}
          onCancel={close}
        />
      </form>
    </Dialog>
  );
}
