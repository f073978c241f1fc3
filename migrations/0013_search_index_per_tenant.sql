-- Policy text search indexed per tenant.
--
-- The trigram index of 0003 covers every tenant's policies, so a small tenant's search
-- for a common fragment ("pc-") read the matching entries of all tenants before the
-- tenant filter threw most of them away. With btree_gin the tenant is a key of the same
-- GIN index: the scan intersects the tenant's entries with the trigrams' and reads only
-- the tenant's matches. (btree_gin is a trusted extension: a database owner may create it.)
create extension if not exists btree_gin;
create index policy_tenant_search_trgm on policy using gin (tenant_id, search_text gin_trgm_ops);
drop index policy_search_trgm;
