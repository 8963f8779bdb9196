CREATE TABLE events (id integer NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at_idx ON events (at);
CREATE INDEX events_kind_idx ON events (kind);
ALTER TABLE events ADD PRIMARY KEY (id, at);
INSERT INTO events VALUES (1, '2024-05-01', 'a'), (2, '2025-05-01', 'b');
