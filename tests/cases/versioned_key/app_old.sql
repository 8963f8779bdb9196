INSERT INTO events (kind, payload) VALUES ('old', 'x');
UPDATE events SET payload = 'y' WHERE id = 1;
SELECT id, kind, payload FROM events WHERE id <= 2 ORDER BY id;
SELECT count(*) FROM recent_events;
