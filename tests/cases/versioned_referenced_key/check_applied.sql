-- Contracted: every key points at the new column, under its own name, validated.
SELECT count(*) = 2 FROM pg_catalog.pg_constraint
WHERE conname IN ('orders_user_id_fkey', 'audit_user_id_fkey') AND confrelid = 'public.users'::regclass AND convalidated;
SELECT pg_typeof(id) = 'bigint'::regtype FROM users LIMIT 1;
-- The cascade still goes through.
WITH d AS (DELETE FROM users WHERE id = 35 RETURNING id) SELECT count(*) = 1 FROM d;
SELECT count(*) = 0 FROM orders WHERE user_id = 35;
