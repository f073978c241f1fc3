-- Tenants (carriers), their users, and role-based access control.
-- Every tenant-owned table has row-level security forced on, keyed by `app.tenant_id`.

create table tenant (
    tenant_id text primary key
        constraint tenant_id_format check (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name text not null,
    default_locale text not null default 'en-US',
    default_currency char(3) not null default 'USD',
    default_country_code char(2) not null default 'US',
    date_formats_by_country jsonb not null
        default '{"US": "MM-DD-YYYY", "CA": "MM-DD-YYYY"}',
    policy_number_formats_by_product jsonb not null
        default '{"personal-auto": "PC-{ID8}", "commercial-auto": "CA-{ID8}", "homeowners": "HO-{ID8}", "cyber": "CY-{ID8}", "professional-liability": "PL-{ID8}"}',
    mfa_required boolean not null default false,
    local_auth_enabled boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create trigger tenant_updated_at before update on tenant
    for each row execute function set_updated_at();

-- The permission catalog is global and maintained by `lattice-server migrate`.
create table rbac_permission (
    permission_code text primary key,
    scope text not null constraint rbac_permission_scope check (scope in ('menu', 'page', 'api')),
    resource_key text not null,
    action_key text not null,
    label text not null,
    description text not null,
    sort_order int not null
);

create table rbac_role (
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    role_code text not null constraint rbac_role_code_format check (role_code ~ '^[a-z0-9_.-]{1,64}$'),
    role_name text not null,
    description text not null default '',
    is_system boolean not null default false,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, role_code)
);
create trigger rbac_role_updated_at before update on rbac_role
    for each row execute function set_updated_at();

create table rbac_role_permission (
    tenant_id text not null,
    role_code text not null,
    permission_code text not null references rbac_permission (permission_code) on delete cascade,
    primary key (tenant_id, role_code, permission_code),
    foreign key (tenant_id, role_code) references rbac_role (tenant_id, role_code) on delete cascade
);

create table app_user (
    user_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    username text not null constraint app_user_username_length check (length(username) between 1 and 254),
    password_hash text not null,
    disabled boolean not null default false,
    failed_login_attempts int not null default 0,
    locked_until timestamptz,
    password_updated_at timestamptz not null default now(),
    auth_provider text not null default 'local'
        constraint app_user_auth_provider check (auth_provider in ('local', 'oidc')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, user_id)
);
-- Usernames are unique per tenant, ignoring case.
create unique index app_user_tenant_username_key on app_user (tenant_id, lower(username));
create trigger app_user_updated_at before update on app_user
    for each row execute function set_updated_at();

create table user_role (
    tenant_id text not null,
    user_id uuid not null,
    role_code text not null,
    primary key (tenant_id, user_id, role_code),
    foreign key (tenant_id, user_id) references app_user (tenant_id, user_id) on delete cascade,
    foreign key (tenant_id, role_code) references rbac_role (tenant_id, role_code)
);
create index user_role_role on user_role (tenant_id, role_code);

-- The catalog is read-only to the application.
revoke insert, update, delete on rbac_permission from lattice_app;

-- Row-level security: a tenant transaction sees and writes only its own rows.
alter table tenant enable row level security;
alter table tenant force row level security;
-- The tenant directory (ids, names, login settings) is readable by every tenant
-- transaction; a tenant may change only its own row.
create policy tenant_directory on tenant for select using (true);
create policy tenant_own_row on tenant
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table rbac_role enable row level security;
alter table rbac_role force row level security;
create policy tenant_isolation on rbac_role
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table rbac_role_permission enable row level security;
alter table rbac_role_permission force row level security;
create policy tenant_isolation on rbac_role_permission
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table app_user enable row level security;
alter table app_user force row level security;
create policy tenant_isolation on app_user
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table user_role enable row level security;
alter table user_role force row level security;
create policy tenant_isolation on user_role
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
