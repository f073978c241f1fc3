-- Each server process keeps the sessions it has read (account, roles, permissions) in
-- memory, and must hear when one changes: every change to what a session is read from
-- notifies channel lattice_session with the tenant, and the processes listening drop
-- that tenant's sessions (server/src/auth/sessions.rs). Within a transaction PostgreSQL
-- sends one notification per distinct tenant, however many rows change.
create function notify_session_change() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('lattice_session', old.tenant_id);
    else
        perform pg_notify('lattice_session', new.tenant_id);
    end if;
    return null;
end
$$;

-- Sign-ins update app_user too (attempt counters, lockouts): only the columns a
-- session holds notify.
create trigger app_user_session_update after update on app_user
    for each row
    when ((old.username, old.disabled, old.customer_id) is distinct from
          (new.username, new.disabled, new.customer_id))
    execute function notify_session_change();
create trigger app_user_session_delete after delete on app_user
    for each row execute function notify_session_change();

create trigger user_role_session after insert or update or delete on user_role
    for each row execute function notify_session_change();

create trigger rbac_role_session_update after update on rbac_role
    for each row when (old.active is distinct from new.active)
    execute function notify_session_change();
create trigger rbac_role_session_delete after delete on rbac_role
    for each row execute function notify_session_change();

create trigger rbac_role_permission_session after insert or update or delete on rbac_role_permission
    for each row execute function notify_session_change();

-- A portal user's session names its customer.
create trigger customer_session_update after update on customer
    for each row
    when ((old.customer_key, old.display_name) is distinct from (new.customer_key, new.display_name))
    execute function notify_session_change();
create trigger customer_session_delete after delete on customer
    for each row execute function notify_session_change();
