SELECT count(*) = 1 FROM pg_catalog.pg_constraint WHERE conrelid = 'public.customers'::regclass AND contype = 'p';
SELECT col_description('public.customers'::regclass, 2) = 'Display name';
SELECT col_description('public.customers'::regclass, 3) IS NULL;
SELECT convalidated FROM pg_catalog.pg_constraint WHERE conname = 'customers_tier_check';
SELECT pg_catalog.pg_get_constraintdef(oid) LIKE '%platinum%' FROM pg_catalog.pg_constraint WHERE conname = 'customers_tier_check';
SELECT confdeltype = 'c' AND convalidated FROM pg_catalog.pg_constraint WHERE conname = 'bookings_room_id_fkey';
SELECT count(*) = 1 FROM pg_catalog.pg_indexes WHERE tablename = 'customers' AND indexdef LIKE '%text_pattern_ops%';
SELECT count(*) = 1 FROM pg_catalog.pg_constraint WHERE conname = 'bookings_no_overlap' AND contype = 'x';
