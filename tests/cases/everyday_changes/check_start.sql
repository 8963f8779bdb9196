SELECT col_description('public.customers'::regclass, 3) = 'Contact address';
SELECT confdeltype = 'a' AND convalidated FROM pg_catalog.pg_constraint WHERE conname = 'bookings_room_id_fkey';
SELECT convalidated FROM pg_catalog.pg_constraint WHERE conname = 'customers_tier_check';
