SELECT count(*) = 1 FROM pg_catalog.pg_constraint WHERE conname = 'notes_order_id_line_no_fkey' AND convalidated;
SELECT count(*) = 298 FROM notes n JOIN lines l USING (order_id, line_no);
