// The user forms: add a user, edit a user's roles (and customer link), set a password.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { DialogActions } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/States';
import { adminApi } from './adminApi';
import type { UpdateUserRequest, UserView } from './adminApi';
import { RoleChecks } from './RoleChecks';
import { noErrors, userFormErrors } from './userErrors';
import type { FormErrors } from './userErrors';

const CUSTOMER_ROLE = 'customer';

/** Runs a submit with busy and error state; `done` gets the result on success. */
function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  async function run<T>(action: () => Promise<T>, done: (result: T) => void) {
    setBusy(true);
    setErrors(noErrors);
    try {
      const result = await action();
      done(result);
    } catch (e) {
      setErrors(userFormErrors(e));
      setBusy(false);
    }
  }
  return { busy, errors, run };
}

function CustomerField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <Field
      label="Customer ID or key"
      hint="The customer this portal user acts for (required with the customer role)."
      error={error}
    >
      <input value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

export function AddUserDialog({
  onClose,
  onAdded,
}: {
  onClose: () => void;
  onAdded: (user: UserView) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [customerRef, setCustomerRef] = useState('');
  const { busy, errors, run } = useSubmit();
  const needsCustomer = roles.includes(CUSTOMER_ROLE);

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      username: username.trim(),
      password,
      roles,
      ...(needsCustomer && customerRef.trim() ? { customerRef: customerRef.trim() } : {}),
    };
    void run(() => adminApi.createUser(body), onAdded);
  }

  return (
    <Dialog title="Add user" open onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field label="Username" error={errors.fields.username}>
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </Field>
        <Field
          label="Password"
          hint="At least 12 characters with upper and lower case letters, a digit and a symbol."
          error={errors.fields.password}
        >
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
          />
        </Field>
        <RoleChecks value={roles} onChange={setRoles} error={errors.fields.roles} />
        {(needsCustomer || errors.fields.customerRef) && (
          <CustomerField
            value={customerRef}
            onChange={setCustomerRef}
            error={errors.fields.customerRef}
          />
        )}
        {errors.general !== null && <ErrorNotice error={errors.general} />}
        <DialogActions label="Create user" busyLabel="Creating…" busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function EditRolesDialog({
  user,
  onClose,
  onSaved,
}: {
  user: UserView;
  onClose: () => void;
  onSaved: (user: UserView) => void;
}) {
  const [roles, setRoles] = useState<string[]>([...user.roles].sort());
  const initialCustomer = user.customerKey ?? user.customerId ?? '';
  const [customerRef, setCustomerRef] = useState(initialCustomer);
  const { busy, errors, run } = useSubmit();
  const needsCustomer = roles.includes(CUSTOMER_ROLE);

  function submit(e: FormEvent) {
    e.preventDefault();
    const body: UpdateUserRequest = { roles };
    if (needsCustomer && customerRef.trim() !== initialCustomer) {
      body.customerRef = customerRef.trim() || null;
    }
    void run(() => adminApi.updateUser(user.id, body), onSaved);
  }

  return (
    <Dialog title={`Edit roles: ${user.username}`} open onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <RoleChecks value={roles} onChange={setRoles} error={errors.fields.roles} />
        {(needsCustomer || errors.fields.customerRef) && (
          <CustomerField
            value={customerRef}
            onChange={setCustomerRef}
            error={errors.fields.customerRef}
          />
        )}
        {errors.general !== null && <ErrorNotice error={errors.general} />}
        <DialogActions label="Save roles" busyLabel="Saving…" busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function SetPasswordDialog({
  user,
  onClose,
  onSaved,
}: {
  user: UserView;
  onClose: () => void;
  onSaved: (user: UserView) => void;
}) {
  const [password, setPassword] = useState('');
  const { busy, errors, run } = useSubmit();

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(() => adminApi.updateUser(user.id, { password }), onSaved);
  }

  return (
    <Dialog title={`Set password: ${user.username}`} open onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field
          label="New password"
          hint="At least 12 characters with upper and lower case letters, a digit and a symbol."
          error={errors.fields.password}
        >
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
          />
        </Field>
        {errors.general !== null && <ErrorNotice error={errors.general} />}
        <DialogActions label="Save password" busyLabel="Saving…" busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
