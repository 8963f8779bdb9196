-- A tenant reading through the old name sees its own rows only, at every phase (a
-- division by zero otherwise).
SET ROLE ps_tenant_a;
SELECT 1 / (count(*) = 10)::int FROM posts;
SELECT 1 / (count(*) = 0)::int FROM posts WHERE tenant <> 'ps_tenant_a';
RESET ROLE;
SELECT 1 / (count(*) = 20)::int FROM posts;
