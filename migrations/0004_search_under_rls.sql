-- Policy search under row-level security.
--
-- With RLS, PostgreSQL uses an index for a condition only if its operator is LEAKPROOF
-- (the row-level check must not be bypassed by a function that could reveal rows through
-- its errors). LIKE (textlike) raises errors only for a malformed pattern, never because
-- of a row's value, so it is safe to mark; then the trigram index serves
-- `search_text like '%q%'`. Marking needs a superuser: where the migrating role is not
-- one, this logs a notice, search stays correct but scans the table, and a database
-- administrator can run the ALTER below once (see docs/performance.md).
do $$
begin
    alter function textlike(text, text) leakproof;
exception
    when insufficient_privilege then
        raise notice 'textlike is not LEAKPROOF: policy text search will not use its trigram index';
end
$$;

-- Product and status filters together (the list's most common combination).
drop index policy_tenant_product;
create index policy_tenant_product_status on policy (tenant_id, product_code, status);
