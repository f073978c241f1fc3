// The tenant's active roles as checkboxes (GET /admin/security/roles).
import { useId } from 'react';
import { Loading, ErrorNotice } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { adminApi } from './adminApi';

export function RoleChecks({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (roles: string[]) => void;
  error?: string;
}) {
  const [state, reload] = useAsync(() => adminApi.roles(), []);
  const errorId = useId();
  function toggle(code: string, on: boolean) {
    onChange(on ? [...value, code].sort() : value.filter((r) => r !== code));
  }
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend>Roles</legend>
      {state.status === 'loading' && <Loading what="roles" />}
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={reload} />}
      {state.status === 'ready' && (
        <div className="checks">
          {state.data.items
            .filter((role) => role.active || value.includes(role.roleCode))
            .map((role) => (
              <label key={role.roleCode} className="check" title={role.description}>
                <input
                  type="checkbox"
                  checked={value.includes(role.roleCode)}
                  onChange={(e) => toggle(role.roleCode, e.target.checked)}
                />
                {role.roleName}
              </label>
            ))}
        </div>
      )}
      {error && (
        <small id={errorId} className="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}
