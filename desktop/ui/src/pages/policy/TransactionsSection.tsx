// The "Transactions" section: a button for each transaction the policy's status allows,
// each opening its dialog. Only for users who may service policies (page.wizard.view).
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { CancelDialog } from './CancelDialog';
import { EndorseDialog } from './EndorseDialog';
import type { Action, PolicyData } from './policyApi';
import { allowedActions } from './policyApi';
import { IssueDialog, ReinstateDialog, RewriteDialog } from './ReinstateRewriteDialogs';
import { NonRenewDialog, RenewDialog } from './RenewDialogs';

const BUTTONS: Record<Action, { label: string; title: string; danger?: boolean }> = {
  issue: { label: 'Issue policy', title: 'Issue policy' },
  endorse: { label: 'Endorse', title: 'Endorse policy' },
  cancel: { label: 'Cancel policy', title: 'Cancel policy', danger: true },
  reinstate: { label: 'Reinstate', title: 'Reinstate policy' },
  renew: { label: 'Renew', title: 'Renew policy' },
  rewrite: { label: 'Rewrite', title: 'Rewrite policy' },
  nonRenew: { label: 'Non-renew', title: 'Non-renew policy', danger: true },
};

const ACTION_PARAM: Record<string, Action> = {
  issue: 'issue',
  endorse: 'endorse',
  cancel: 'cancel',
  reinstate: 'reinstate',
  renew: 'renew',
  rewrite: 'rewrite',
  'non-renew': 'nonRenew',
  nonrenew: 'nonRenew',
};

/** The `?action=` value of a link (the search page's row menu) as an action. */
export function actionFromParam(value: string | null): Action | null {
  return value ? (ACTION_PARAM[value.toLowerCase()] ?? null) : null;
}

export function TransactionsSection({
  data,
  canOverride,
  initialAction,
  onDone,
}: {
  data: PolicyData;
  canOverride: boolean;
  initialAction: Action | null;
  onDone: (notice: string) => void;
}) {
  const { policy, state } = data;
  const allowed = allowedActions(policy);
  const [open, setOpen] = useState<Action | null>(() =>
    initialAction && allowed.includes(initialAction) ? initialAction : null,
  );
  const close = () => setOpen(null);
  const done = (notice: string) => {
    setOpen(null);
    onDone(notice);
  };

  return (
    <section aria-labelledby="policy-transactions">
      <h2 id="policy-transactions">Transactions</h2>
      {allowed.length === 0 ? (
        <p className="muted">No transactions are possible in this status.</p>
      ) : (
        <div className="actions">
          {allowed.map((action) => (
            <button
              key={action}
              type="button"
              className={BUTTONS[action].danger ? 'danger' : undefined}
              onClick={() => setOpen(action)}
            >
              {BUTTONS[action].label}
            </button>
          ))}
        </div>
      )}
      <Dialog title={open ? BUTTONS[open].title : ''} open={open !== null} onClose={close}>
        {open === 'endorse' && (
          <EndorseDialog policy={policy} payload={state.payload} canOverride={canOverride} onDone={done} />
        )}
        {open === 'cancel' && <CancelDialog policy={policy} onDone={done} />}
        {open === 'reinstate' && <ReinstateDialog policy={policy} onDone={done} />}
        {open === 'renew' && <RenewDialog policy={policy} canOverride={canOverride} onDone={done} />}
        {open === 'rewrite' && <RewriteDialog policy={policy} canOverride={canOverride} onDone={done} />}
        {open === 'nonRenew' && <NonRenewDialog policy={policy} onDone={done} />}
        {open === 'issue' && <IssueDialog policy={policy} onDone={done} />}
      </Dialog>
    </section>
  );
}
