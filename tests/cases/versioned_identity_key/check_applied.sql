-- Contracted: the new column is the identity, its sequence under the old name, widened,
-- going on past every key given.
SELECT attidentity = 'a' FROM pg_catalog.pg_attribute WHERE attrelid = 'public.tickets'::regclass AND attname = 'id';
SELECT pg_catalog.pg_get_serial_sequence('public.tickets', 'id') = 'public.tickets_id_seq';
SELECT data_type = 'bigint'::regtype FROM pg_catalog.pg_sequences WHERE sequencename = 'tickets_id_seq';
WITH i AS (INSERT INTO tickets (title) VALUES ('after') RETURNING id) SELECT id > 50 FROM i;
SELECT count(DISTINCT id) = count(*) FROM tickets;
