-- Two-factor sign-in (TOTP) with one-time recovery codes, and the trail of security
-- events (sign-ins, failures, lockouts, MFA changes, PII reveals, account changes).

alter table app_user
    -- Secrets are FieldCipher ciphertexts bound to (tenant, user, field), never plaintext.
    add column mfa_enabled boolean not null default false,
    add column mfa_secret text,
    add column mfa_pending_secret text,
    -- The last TOTP step accepted: a code is never accepted twice.
    add column mfa_last_step bigint;

create table mfa_recovery_code (
    tenant_id text not null,
    user_id uuid not null,
    -- A keyed blind index of the code; the code itself is shown once, at enrolment.
    code_index text not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    primary key (tenant_id, user_id, code_index),
    foreign key (tenant_id, user_id) references app_user (tenant_id, user_id) on delete cascade
);

create table security_event (
    event_id uuid primary key default gen_random_uuid(),
    seq bigint generated always as identity,
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    event_type text not null,
    -- Who did it (absent for anonymous sign-in attempts) and whom it concerns.
    actor_user_id uuid,
    subject_user_id uuid,
    username text,
    client_ip text,
    details jsonb not null default '{}',
    occurred_at timestamptz not null default clock_timestamp()
);
create index security_event_recent on security_event (tenant_id, seq desc);
create index security_event_subject on security_event (tenant_id, subject_user_id, seq desc);

-- Row-level security keyed by `app.tenant_id`, forced even for the table owner; later
-- migrations call this for each new tenant table.
create function enable_tenant_rls(t regclass) returns void language plpgsql as $$
begin
    execute format('alter table %s enable row level security', t);
    execute format('alter table %s force row level security', t);
    execute format($p$create policy tenant_isolation on %s
        using (tenant_id = current_setting('app.tenant_id', true))
        with check (tenant_id = current_setting('app.tenant_id', true))$p$, t);
end $$;

select enable_tenant_rls('mfa_recovery_code');
select enable_tenant_rls('security_event');

-- The trail is append-only for the application.
revoke update, delete on security_event from lattice_app;
