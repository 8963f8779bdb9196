INSERT INTO events (kind, payload) VALUES ('new', 'z');
UPDATE events SET kind = 'k9' WHERE id = 2;
SELECT id + 1, kind FROM events WHERE id = 2;
