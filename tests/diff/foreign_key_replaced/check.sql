-- The keys hold for every row, validated (after the script, and after its rollback).
SELECT convalidated FROM pg_catalog.pg_constraint WHERE conname = 'plain_pid_fkey';
SELECT bool_and(convalidated) FROM pg_catalog.pg_constraint WHERE conname = 'ev_pid_fkey';
SELECT count(*) = 2 FROM plain WHERE pid IS NOT NULL;
