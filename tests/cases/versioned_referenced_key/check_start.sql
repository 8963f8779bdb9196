SELECT count(*) = 2 FROM pg_catalog.pg_constraint
WHERE conname IN ('orders_user_id_fkey', 'audit_user_id_fkey') AND confrelid = 'public.users'::regclass AND convalidated;
