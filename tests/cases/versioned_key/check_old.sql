SELECT count(*) >= 1 FROM events WHERE kind = 'old' AND payload = 'x';
SELECT payload = 'y' FROM events WHERE id = 1;
