-- Before the migration, and after it is rolled back: the serial key as it was.
SELECT data_type = 'integer'::regtype FROM pg_catalog.pg_sequences WHERE sequencename = 'events_id_seq';
SELECT pg_catalog.pg_get_serial_sequence('public.events', 'id') = 'public.events_id_seq';
SELECT count(*) = 1 FROM pg_catalog.pg_constraint WHERE conname = 'events_pkey' AND contype = 'p';
