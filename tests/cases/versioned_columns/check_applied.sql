-- Contracted: the application's views read the new columns, the index is on them.
SELECT pg_typeof(balance) = 'integer'::regtype FROM active_accounts LIMIT 1;
SELECT count(*) > 0 FROM active_ids;
SELECT indexdef LIKE '%lower(status)) INCLUDE (balance)' FROM pg_indexes WHERE indexname = 'accounts_status_idx';
