-- The transactional outbox: every ledger event and every queued notification becomes an
-- outbox message in the same database transaction (by trigger, so no code path can
-- forget), and the push worker delivers messages to the webhook at least once, in order
-- per entity. Notification intents are rendered from per-tenant templates.

create table outbox_message (
    message_id uuid primary key default gen_random_uuid(),
    seq bigint generated always as identity,
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    source_table text not null,
    source_id uuid not null,
    topic text not null,
    -- Messages sharing a key (one policy, say) are delivered one at a time, in `seq` order.
    ordering_key text not null,
    payload jsonb not null,
    status text not null default 'Pending'
        constraint outbox_message_status check (status in ('Pending', 'Processing', 'Retry', 'Sent', 'Failed')),
    attempts int not null default 0,
    next_attempt_at timestamptz not null default now(),
    -- While Processing: when the claim expires and another worker may take the message.
    locked_until timestamptz,
    last_attempt_at timestamptz,
    sent_at timestamptz,
    last_error text,
    created_at timestamptz not null default clock_timestamp(),
    unique (tenant_id, source_table, source_id, topic)
);
create index outbox_message_due on outbox_message (next_attempt_at, seq)
    where status in ('Pending', 'Retry');
create index outbox_message_stream on outbox_message (tenant_id, ordering_key, seq)
    where status <> 'Sent';
create index outbox_message_claimed on outbox_message (locked_until)
    where status = 'Processing';
create index outbox_message_tenant_status on outbox_message (tenant_id, status, seq desc);

create function outbox_from_ledger_event() returns trigger language plpgsql as $$
begin
    insert into outbox_message (tenant_id, source_table, source_id, topic, ordering_key, payload)
    values (new.tenant_id, 'ledger_event', new.event_id,
            'ledger.' || trim(both '_' from regexp_replace(lower(new.event), '[^a-z0-9]+', '_', 'g')),
            new.entity_type || ':' || new.entity_id,
            jsonb_build_object('eventId', new.event_id, 'tenantId', new.tenant_id,
                'entityType', new.entity_type, 'entityId', new.entity_id, 'event', new.event,
                'fromState', new.from_state, 'toState', new.to_state,
                'occurredAt', new.occurred_at, 'actor', new.actor, 'payload', new.payload))
    on conflict (tenant_id, source_table, source_id, topic) do nothing;
    return new;
end $$;
create trigger ledger_event_outbox after insert on ledger_event
    for each row execute function outbox_from_ledger_event();

create table notification_template (
    template_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    event_type text not null constraint notification_template_event
        check (event_type in ('POLICY_ISSUED', 'POLICY_CANCELLED', 'POLICY_NON_RENEWAL')),
    channel text not null default 'EMAIL',
    -- null: every product.
    product_code text,
    subject text not null,
    body text not null,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    updated_by text not null,
    constraint notification_template_key unique nulls not distinct (tenant_id, event_type, channel, product_code)
);
create trigger notification_template_updated_at before update on notification_template
    for each row execute function set_updated_at();

create table notification_intent (
    intent_id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenant (tenant_id) on delete cascade,
    event_type text not null,
    channel text not null default 'EMAIL',
    policy_id uuid not null,
    transaction_id uuid,
    recipient_email text,
    recipient_name text,
    subject text not null,
    body text not null,
    -- Queued goes out through the outbox; Suppressed had no recipient.
    status text not null constraint notification_intent_status check (status in ('Queued', 'Suppressed')),
    template_id uuid,
    created_at timestamptz not null default clock_timestamp(),
    foreign key (tenant_id, policy_id) references policy (tenant_id, policy_id) on delete cascade
);
create index notification_intent_policy on notification_intent (tenant_id, policy_id, created_at);

create function outbox_from_notification() returns trigger language plpgsql as $$
begin
    if new.status = 'Queued' then
        insert into outbox_message (tenant_id, source_table, source_id, topic, ordering_key, payload)
        values (new.tenant_id, 'notification_intent', new.intent_id,
                'notification.' || lower(new.event_type),
                'Policy:' || new.policy_id,
                jsonb_build_object('intentId', new.intent_id, 'tenantId', new.tenant_id,
                    'eventType', new.event_type, 'channel', new.channel, 'policyId', new.policy_id,
                    'transactionId', new.transaction_id,
                    'recipient', jsonb_build_object('email', new.recipient_email, 'name', new.recipient_name),
                    'subject', new.subject, 'body', new.body, 'templateId', new.template_id,
                    'createdAt', new.created_at))
        on conflict (tenant_id, source_table, source_id, topic) do nothing;
    end if;
    return new;
end $$;
create trigger notification_intent_outbox after insert on notification_intent
    for each row execute function outbox_from_notification();

select enable_tenant_rls('notification_template');
select enable_tenant_rls('notification_intent');

-- The outbox is tenant-scoped like every table, except for the push worker, which
-- delivers for every tenant: its transactions set `app.outbox_worker`.
alter table outbox_message enable row level security;
alter table outbox_message force row level security;
create policy tenant_isolation on outbox_message
    using (tenant_id = current_setting('app.tenant_id', true)
           or current_setting('app.outbox_worker', true) = 'on')
    with check (tenant_id = current_setting('app.tenant_id', true)
                or current_setting('app.outbox_worker', true) = 'on');
