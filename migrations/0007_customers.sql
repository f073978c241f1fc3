-- The customer master: people and companies with their contacts and addresses; SSN, FEIN
-- and date of birth only as FieldCipher ciphertexts with last-4 digits and keyed blind
-- indexes. Customers link to policies (named insureds) and to portal users.

create table customer_key_sequence (
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    sequence_year int not null,
    last_value bigint not null,
    primary key (tenant_id, sequence_year)
);

create table customer (
    customer_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    customer_key text not null,
    entity_type text not null constraint customer_entity_type check (entity_type in ('INDIVIDUAL', 'COMPANY', 'BOTH')),
    status text not null default 'ACTIVE'
        constraint customer_status check (status in ('DRAFT', 'ACTIVE', 'INACTIVE', 'MERGED', 'PENDING_APPROVAL', 'ARCHIVED')),
    display_name text not null,
    -- Optimistic concurrency: every update names the version it read.
    version int not null default 1,
    metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    created_by text not null,
    updated_at timestamptz not null default now(),
    updated_by text not null,
    unique (tenant_id, customer_id),
    unique (tenant_id, customer_key)
);
create index customer_name on customer (tenant_id, lower(display_name));
create trigger customer_updated_at before update on customer
    for each row execute function set_updated_at();

create table customer_person (
    tenant_id text not null,
    customer_id uuid not null,
    first_name text,
    middle_name text,
    last_name text,
    suffix text,
    preferred_name text,
    gender text,
    marital_status text,
    driver_license_no text,
    driver_license_state text,
    dob_encrypted text,
    dob_index text,
    ssn_encrypted text,
    ssn_last4 text,
    ssn_index text,
    primary key (tenant_id, customer_id),
    foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id) on delete cascade
);
create index customer_person_name on customer_person (tenant_id, lower(last_name), lower(first_name));
create index customer_person_ssn on customer_person (tenant_id, ssn_index);
create index customer_person_dob on customer_person (tenant_id, dob_index);

create table customer_company (
    tenant_id text not null,
    customer_id uuid not null,
    legal_name text,
    dba_name text,
    entity_legal_type text,
    incorporation_state text,
    incorporation_country text,
    naics text,
    website text,
    fein_encrypted text,
    fein_last4 text,
    fein_index text,
    primary key (tenant_id, customer_id),
    foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id) on delete cascade
);
create index customer_company_name on customer_company (tenant_id, lower(legal_name));
create index customer_company_fein on customer_company (tenant_id, fein_index);

create table customer_contact_point (
    contact_id uuid primary key default gen_random_uuid(),
    tenant_id text not null,
    customer_id uuid not null,
    position int not null,
    contact_type text not null constraint customer_contact_type check (contact_type in ('PHONE', 'EMAIL')),
    sub_type text,
    value text not null,
    normalized_value text not null,
    preferred boolean not null default false,
    verified boolean not null default false,
    foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id) on delete cascade
);
create index customer_contact_value on customer_contact_point (tenant_id, contact_type, normalized_value);

create table customer_address (
    address_id uuid primary key default gen_random_uuid(),
    tenant_id text not null,
    customer_id uuid not null,
    position int not null,
    address_type text not null default 'MAILING',
    line1 text not null,
    line2 text,
    city text,
    state text,
    postal_code text,
    country text not null default 'US',
    primary_flag boolean not null default false,
    foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id) on delete cascade
);
create index customer_address_postal on customer_address (tenant_id, postal_code);

-- What happened to a customer record. Snapshots are the masked view: no plaintext PII.
create table customer_audit_event (
    event_id uuid primary key default gen_random_uuid(),
    seq bigint generated always as identity,
    tenant_id text not null,
    customer_id uuid not null,
    event_type text not null,
    actor text not null,
    reason text,
    before_json jsonb,
    after_json jsonb,
    field_diffs jsonb not null default '[]',
    created_at timestamptz not null default clock_timestamp(),
    foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id) on delete cascade
);
create index customer_audit_customer on customer_audit_event (tenant_id, customer_id, seq desc);

create table policy_customer_link (
    link_id uuid primary key default gen_random_uuid(),
    tenant_id text not null,
    policy_id uuid not null,
    customer_id uuid not null,
    role_code text not null default 'PRIMARY_NAMED_INSURED',
    is_primary boolean not null default true,
    source text not null,
    created_at timestamptz not null default now(),
    foreign key (tenant_id, policy_id) references policy (tenant_id, policy_id) on delete cascade,
    foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id) on delete cascade,
    unique (tenant_id, policy_id, customer_id, role_code)
);
create unique index policy_customer_link_primary on policy_customer_link (tenant_id, policy_id, role_code)
    where is_primary;
create index policy_customer_link_customer on policy_customer_link (tenant_id, customer_id);

-- A portal user acts for one customer.
alter table app_user add column customer_id uuid,
    add constraint app_user_customer foreign key (tenant_id, customer_id)
        references customer (tenant_id, customer_id);

select enable_tenant_rls('customer_key_sequence');
select enable_tenant_rls('customer');
select enable_tenant_rls('customer_person');
select enable_tenant_rls('customer_company');
select enable_tenant_rls('customer_contact_point');
select enable_tenant_rls('customer_address');
select enable_tenant_rls('customer_audit_event');
select enable_tenant_rls('policy_customer_link');

revoke update, delete on customer_audit_event from lattice_app;
