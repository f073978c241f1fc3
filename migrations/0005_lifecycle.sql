-- The policy lifecycle: versions carry their change set and processing order, the
-- timeline's segments are persisted per timeline version, short-rate tables price
-- cancellations, and policies record non-renewal.

alter table policy_version
    add column seq bigint generated always as identity,
    add column changes jsonb not null default '[]',
    add column timeline_version int,
    add column cancellation_reason_code text,
    add column cancellation_type text,
    add column return_premium_amount numeric(14, 2);

alter table policy
    add column non_renewed_at date,
    add column non_renewal_reason text,
    add column timeline_version int not null default 0;

create table policy_timeline_segment (
    tenant_id text not null,
    policy_id uuid not null,
    timeline_version int not null,
    segment_start date not null,
    segment_end date not null,
    source_version_id uuid not null,
    in_force boolean not null,
    payload jsonb not null,
    premium_total numeric(14, 2) not null,
    premium_fees numeric(14, 2) not null,
    premium_taxes numeric(14, 2) not null,
    currency char(3) not null default 'USD',
    premium jsonb not null,
    primary key (tenant_id, policy_id, timeline_version, segment_start),
    foreign key (tenant_id, policy_id) references policy (tenant_id, policy_id) on delete cascade,
    constraint policy_timeline_segment_dates check (segment_end >= segment_start)
);

create table short_rate_table (
    short_rate_table_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    -- null: every product (or state).
    product_code text,
    state_code text,
    bands jsonb not null,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    constraint short_rate_table_key unique nulls not distinct (tenant_id, product_code, state_code)
);

alter table policy_timeline_segment enable row level security;
alter table policy_timeline_segment force row level security;
create policy tenant_isolation on policy_timeline_segment
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table short_rate_table enable row level security;
alter table short_rate_table force row level security;
create policy tenant_isolation on short_rate_table
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
