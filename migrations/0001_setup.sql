-- Foundations every later migration relies on: the application role that row-level
-- security applies to, its privileges, and the updated_at trigger.

-- The server connects as the owner of the schema but runs every tenant transaction as
-- `lattice_app` (set_config('role', ...)), so RLS policies hold even for a superuser URL.
do $$
begin
    create role lattice_app nologin;
exception
    -- Roles are cluster-wide: another database (or a concurrent test) may have made it.
    when duplicate_object or unique_violation then null;
end
$$;

grant lattice_app to current_user;
grant usage on schema public to lattice_app;
alter default privileges in schema public
    grant select, insert, update, delete on tables to lattice_app;
alter default privileges in schema public
    grant usage, select on sequences to lattice_app;

create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at = now();
    return new;
end
$$;
