INSERT INTO metrics (recorded_at, value) VALUES ('2026-02-15 12:00:00+00', 42), ('2027-05-01 00:00:00+00', 7);
UPDATE metrics SET value = -1 WHERE id = 1;
SELECT count(*) FROM metrics WHERE recorded_at < '2026-02-01';
