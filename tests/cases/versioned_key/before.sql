CREATE TABLE events (id serial PRIMARY KEY, kind text NOT NULL, payload text);
INSERT INTO events (kind, payload) SELECT 'k' || (g % 4), 'p' || g FROM generate_series(1, 80) g;
CREATE VIEW recent_events AS SELECT id, kind FROM events WHERE id > 40;
