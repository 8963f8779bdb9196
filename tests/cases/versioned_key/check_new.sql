SELECT count(*) >= 1 FROM events WHERE kind = 'new' AND payload = 'z';
SELECT kind = 'k9' FROM events WHERE id = 2;
-- Every row has its key, in both columns.
SELECT count(*) = 0 FROM events WHERE id IS NULL;
