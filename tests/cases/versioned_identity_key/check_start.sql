SELECT attidentity = 'a' FROM pg_catalog.pg_attribute WHERE attrelid = 'public.tickets'::regclass AND attname = 'id';
SELECT pg_catalog.pg_get_serial_sequence('public.tickets', 'id') = 'public.tickets_id_seq';
SELECT data_type = 'integer'::regtype FROM pg_catalog.pg_sequences WHERE sequencename = 'tickets_id_seq';
