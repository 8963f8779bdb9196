-- The rows stay, and the partition keeps its index (after the script, apply and rollback).
SELECT count(*) = 2 FROM m_2025;
SELECT count(*) = 2 FROM pg_catalog.pg_index WHERE indrelid = 'm_2025'::regclass;
