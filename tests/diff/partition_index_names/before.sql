CREATE TABLE events (id integer NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at_idx ON events (at);
CREATE INDEX events_kind_idx ON events (kind);
ALTER TABLE events ADD PRIMARY KEY (id, at);
-- A table attached later, with indexes of its own that become partitions of its new
-- parent's (a detach leaves those an attach makes: it has them all).
CREATE TABLE events_2027 (id integer NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at));
CREATE INDEX events_2027_old_at ON events_2027 (at);
CREATE INDEX events_2027_kind_idx ON events_2027 (kind);
INSERT INTO events VALUES (1, '2024-05-01', 'a'), (2, '2025-05-01', 'b');
