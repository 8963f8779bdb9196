CREATE TABLE events (id integer NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
-- A partition's index made under a name of its own before the parent's was.
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_2024_when ON events_2024 (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at_idx ON events (at);
-- The parent's index renamed: its partitions' indexes keep their names.
CREATE INDEX events_by_kind ON events (kind);
-- A key whose partitions' indexes have names of their own.
ALTER TABLE events ADD PRIMARY KEY (id, at);
ALTER INDEX events_2025_pkey RENAME TO events_2025_key;
-- A partition attached with an index of its own, and a new index on the parent.
CREATE TABLE events_2026 (id integer NOT NULL, at date NOT NULL, kind text);
CREATE INDEX events_2026_when ON events_2026 (at);
ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_id_idx ON events (id);
ALTER INDEX events_2025_id_idx RENAME TO events_2025_by_id;
-- A table attached whose index attached to events_at_idx is named otherwise than before
-- (a rollback gives it its old name back).
CREATE TABLE events_2027 (id integer NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at));
CREATE INDEX events_2027_when ON events_2027 (at);
CREATE INDEX events_2027_kind_idx ON events_2027 (kind);
ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
