SELECT pg_typeof(id) = 'bigint'::regtype AND title = 'ticket 3' FROM tickets WHERE id = 3;
