-- Quotes, underwriting referrals, policies with their transactions and versions,
-- documents, risk units, coverage selections, the ledger, idempotency keys and the
-- reference data quoting needs. Every tenant table forces row-level security.

create extension if not exists pg_trgm;

alter table tenant
    add column quote_validity_days int not null default 60
        constraint tenant_quote_validity check (quote_validity_days between 1 and 3650),
    add column ai_ml_config jsonb not null default
        '{"enabled": false, "shadowMode": true, "provider": "internal-baseline", "features": {"riskScoring": true, "fraudDetection": true, "premiumOptimization": true, "coverageRecommendations": true}, "thresholds": {"riskReferral": 0.72, "fraudReview": 0.65, "premiumVariance": 0.2}}';

create table quote (
    quote_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    quote_number text not null,
    product_code text not null,
    effective_date date,
    term_months int,
    state text,
    payload jsonb not null default '{}',
    underwriting jsonb,
    premium jsonb,
    status text not null default 'Draft',
    progress_step int not null default 1,
    rated_at timestamptz,
    converted_policy_id uuid,
    status_history jsonb not null default '[]',
    step_history jsonb not null default '[]',
    created_at timestamptz not null default now(),
    created_by text not null,
    updated_at timestamptz not null default now(),
    updated_by text not null,
    constraint quote_number_key unique (tenant_id, quote_number),
    unique (tenant_id, quote_id)
);
create index quote_tenant_updated on quote (tenant_id, updated_at desc);
create index quote_tenant_status on quote (tenant_id, status);
create trigger quote_updated_at before update on quote
    for each row execute function set_updated_at();

create table policy (
    policy_id uuid primary key,
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    policy_number text not null,
    product_code text not null,
    product_version text not null,
    status text not null constraint policy_status check (status in ('Bound', 'Issued', 'Cancelled')),
    term_effective_date date not null,
    term_expiration_date date not null,
    term_months int not null,
    term_count int not null default 1,
    currency char(3) not null default 'USD',
    state text,
    insured_name text not null default '',
    agent_name text,
    premium_total numeric(14, 2) not null,
    premium_fees numeric(14, 2) not null,
    premium_taxes numeric(14, 2) not null,
    premium jsonb not null,
    lifecycle jsonb not null default '{}',
    metadata jsonb not null default '{}',
    source_quote_id uuid,
    search_text text generated always as (
        lower(policy_number || ' ' || policy_id::text || ' ' || insured_name)) stored,
    created_at timestamptz not null default now(),
    created_by text not null,
    updated_at timestamptz not null default now(),
    updated_by text not null,
    constraint policy_number_key unique (tenant_id, policy_number),
    unique (tenant_id, policy_id),
    constraint policy_term check (term_expiration_date > term_effective_date)
);
create index policy_tenant_created on policy (tenant_id, created_at desc);
create index policy_tenant_effective on policy (tenant_id, term_effective_date);
create index policy_tenant_expiration on policy (tenant_id, term_expiration_date);
create index policy_tenant_status on policy (tenant_id, status, term_expiration_date);
create index policy_tenant_product on policy (tenant_id, product_code);
create index policy_tenant_updated on policy (tenant_id, updated_at desc);
create index policy_search_trgm on policy using gin (search_text gin_trgm_ops);
create unique index policy_source_quote on policy (tenant_id, source_quote_id)
    where source_quote_id is not null;
create trigger policy_updated_at before update on policy
    for each row execute function set_updated_at();

create table policy_transaction (
    transaction_id uuid primary key default gen_random_uuid(),
    tenant_id text not null,
    policy_id uuid not null,
    transaction_type text not null constraint policy_transaction_type
        check (transaction_type in ('NB', 'ENDORSE', 'CANCEL', 'REINSTATE', 'REWRITE', 'RENEW', 'NON_RENEWAL')),
    status text not null,
    transaction_number text not null,
    effective_date date not null,
    term jsonb not null default '{}',
    requested_changes jsonb not null default '[]',
    snapshot jsonb not null default '{}',
    uw jsonb,
    metadata jsonb not null default '{}',
    processed_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    created_by uuid not null,
    foreign key (tenant_id, policy_id) references policy (tenant_id, policy_id) on delete cascade,
    unique (tenant_id, transaction_id)
);
create index policy_transaction_policy on policy_transaction (tenant_id, policy_id, processed_at);

create table policy_version (
    version_id uuid primary key default gen_random_uuid(),
    tenant_id text not null,
    policy_id uuid not null,
    transaction_id uuid not null,
    transaction_type text not null,
    transaction_number text not null,
    effective_date date not null,
    processed_at timestamptz not null default now(),
    premium_total numeric(14, 2) not null,
    premium_fees numeric(14, 2) not null,
    premium_taxes numeric(14, 2) not null,
    currency char(3) not null default 'USD',
    premium jsonb not null,
    uw_decision text,
    uw_override boolean not null default false,
    override_reason text,
    uw_submitted_by text,
    payload jsonb not null,
    created_at timestamptz not null default now(),
    created_by uuid not null,
    foreign key (tenant_id, policy_id) references policy (tenant_id, policy_id) on delete cascade,
    foreign key (tenant_id, transaction_id) references policy_transaction (tenant_id, transaction_id) on delete cascade,
    unique (tenant_id, version_id)
);
create index policy_version_policy on policy_version (tenant_id, policy_id, processed_at);

create table risk_unit (
    risk_unit_id uuid primary key default gen_random_uuid(),
    tenant_id text not null,
    policy_id uuid not null,
    version_id uuid not null,
    position int not null,
    kind text not null,
    attributes jsonb not null,
    effective_date date not null,
    expiration_date date not null,
    foreign key (tenant_id, version_id) references policy_version (tenant_id, version_id) on delete cascade
);
create index risk_unit_version on risk_unit (tenant_id, version_id);

create table coverage_selection (
    tenant_id text not null,
    policy_id uuid not null,
    version_id uuid not null,
    line_no int not null,
    coverage_code text not null,
    selected boolean not null,
    limit_value jsonb,
    deductible jsonb,
    percent jsonb,
    premium numeric(14, 2),
    primary key (tenant_id, version_id, line_no),
    foreign key (tenant_id, version_id) references policy_version (tenant_id, version_id) on delete cascade
);

create table document (
    document_id uuid primary key default gen_random_uuid(),
    tenant_id text not null,
    policy_id uuid not null,
    transaction_id uuid,
    version_id uuid,
    document_type text not null constraint document_type check (document_type in ('RATING_WORKSHEET', 'POLICY_PACKET')),
    uri text not null,
    content_hash text not null,
    content_type text,
    content bytea,
    metadata jsonb not null default '{}',
    customer_safe boolean not null default false,
    created_at timestamptz not null default now(),
    created_by uuid not null,
    foreign key (tenant_id, policy_id) references policy (tenant_id, policy_id) on delete cascade
);
create index document_policy on document (tenant_id, policy_id, created_at);
create index document_version on document (tenant_id, version_id);

create table ledger_event (
    event_id uuid primary key default gen_random_uuid(),
    -- Orders events exactly, even several written by one transaction.
    seq bigint generated always as identity,
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    entity_type text not null,
    entity_id uuid not null,
    event text not null,
    from_state text,
    to_state text,
    payload jsonb not null default '{}',
    occurred_at timestamptz not null default clock_timestamp(),
    actor uuid
);
create index ledger_event_entity on ledger_event (tenant_id, entity_id, seq);

create table underwriting_referral (
    referral_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    quote_id uuid,
    policy_id uuid,
    transaction_id uuid,
    version_id uuid,
    product_code text not null,
    insured_name text not null default '',
    effective_date date,
    transaction_type text not null,
    status text not null default 'Open'
        constraint underwriting_referral_status check (status in ('Open', 'Approved', 'Declined', 'InfoRequested', 'Withdrawn')),
    priority text not null default 'Normal'
        constraint underwriting_referral_priority check (priority in ('Low', 'Normal', 'High', 'Urgent')),
    reasons text[] not null default '{}',
    assigned_to uuid,
    comments jsonb not null default '[]',
    decision text,
    decided_by uuid,
    decided_at timestamptz,
    decision_reason text,
    created_by uuid not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index underwriting_referral_status on underwriting_referral (tenant_id, status, created_at desc);
create index underwriting_referral_quote on underwriting_referral (tenant_id, quote_id, created_at desc);
create trigger underwriting_referral_updated_at before update on underwriting_referral
    for each row execute function set_updated_at();

create table idempotency_key (
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    idempotency_key text not null,
    method text not null,
    path text not null,
    request_hash text not null,
    status text not null constraint idempotency_key_status check (status in ('processing', 'completed', 'failed')),
    status_code int,
    content_type text,
    response_body bytea,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, idempotency_key)
);
create index idempotency_key_created on idempotency_key (created_at);

create table product_state_eligibility (
    eligibility_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    product_code text not null,
    state_code char(2) not null,
    status text not null default 'ACTIVE'
        constraint product_state_eligibility_status check (status in ('ACTIVE', 'SUSPENDED', 'CLOSED', 'FILING_PENDING')),
    admitted boolean not null default true,
    surplus_lines boolean not null default false,
    notes text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint product_state_eligibility_key unique (tenant_id, product_code, state_code)
);
create trigger product_state_eligibility_updated_at before update on product_state_eligibility
    for each row execute function set_updated_at();

create table underwriting_company (
    company_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    name text not null,
    product_code text not null,
    country_code text not null,
    state_code text not null,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint underwriting_company_key unique (tenant_id, name, product_code, country_code, state_code)
);
create trigger underwriting_company_updated_at before update on underwriting_company
    for each row execute function set_updated_at();

-- Global reference data (no tenant): read-only to the application.
create table cancellation_reason_code (
    reason_code text primary key,
    description text not null,
    initiator text not null,
    cancellation_type text not null,
    notice_days int not null,
    return_premium text not null constraint cancellation_reason_return check (return_premium in ('FLAT', 'NONE', 'PRO_RATA', 'SHORT_RATE')),
    is_system boolean not null default true
);
insert into cancellation_reason_code values
    ('INSURED_REQUEST', 'Insured requested cancellation', 'INSURED', 'SHORT_RATE', 0, 'SHORT_RATE', true),
    ('NON_PAYMENT', 'Non-payment of premium', 'CARRIER', 'NON_PAYMENT', 10, 'PRO_RATA', true),
    ('MATERIAL_MISREP', 'Material misrepresentation or fraud', 'CARRIER', 'UW_CANCEL', 30, 'PRO_RATA', true),
    ('RISK_CHANGE', 'Unacceptable change in risk', 'CARRIER', 'UW_CANCEL', 30, 'PRO_RATA', true),
    ('FLAT_CANCEL', 'Flat cancellation — rescission', 'CARRIER', 'FLAT', 0, 'FLAT', true),
    ('MUTUAL_CONSENT', 'Mutual consent of both parties', 'MUTUAL', 'MUTUAL_CONSENT', 0, 'PRO_RATA', true),
    ('FRAUD', 'Fraud or intentional concealment', 'CARRIER', 'UW_CANCEL', 30, 'PRO_RATA', true),
    ('UW_UNACCEPTABLE', 'Underwriting — risk not acceptable', 'CARRIER', 'UW_CANCEL', 30, 'PRO_RATA', true),
    ('REPLACED_COVERAGE', 'Coverage replaced by other carrier', 'INSURED', 'SHORT_RATE', 0, 'SHORT_RATE', true),
    ('PROPERTY_SOLD', 'Property sold or transferred', 'INSURED', 'SHORT_RATE', 0, 'SHORT_RATE', true),
    ('VEHICLE_SOLD', 'Vehicle sold or total loss', 'INSURED', 'SHORT_RATE', 0, 'SHORT_RATE', true),
    ('DECEASED', 'Named insured deceased', 'INSURED', 'PRO_RATA', 0, 'PRO_RATA', true);
revoke insert, update, delete on cancellation_reason_code from lattice_app;

-- Row-level security for every tenant table above.
do $$
declare
    t text;
begin
    foreach t in array array['quote', 'policy', 'policy_transaction', 'policy_version', 'risk_unit',
        'coverage_selection', 'document', 'ledger_event', 'underwriting_referral', 'idempotency_key',
        'product_state_eligibility', 'underwriting_company']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = current_setting('app.tenant_id', true))
            with check (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    end loop;
end
$$;
