-- Contracted: the key is the new column, its sequence goes on where it was.
SELECT pg_typeof(id) = 'bigint'::regtype FROM events LIMIT 1;
SELECT count(*) = 1 FROM pg_catalog.pg_constraint WHERE conname = 'events_pkey' AND contype = 'p';
WITH i AS (INSERT INTO events (kind) VALUES ('after') RETURNING id) SELECT id > 80 FROM i;
SELECT count(*) > 0 FROM recent_events;
SELECT data_type = 'bigint'::regtype AND max_value = 9223372036854775807 FROM pg_catalog.pg_sequences WHERE sequencename = 'events_id_seq';
SELECT pg_catalog.pg_get_serial_sequence('public.events', 'id') = 'public.events_id_seq';
