SELECT count(*) = 1 FROM pg_catalog.pg_constraint
WHERE conname = 'notes_order_id_line_no_fkey' AND confrelid = 'public.lines'::regclass AND convalidated;
SELECT pg_typeof(line_no) = 'integer'::regtype AND pg_typeof(qty) = 'bigint'::regtype FROM lines LIMIT 1;
