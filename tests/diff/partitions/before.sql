CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_old (id bigint NOT NULL, at date NOT NULL, kind text);
CREATE TABLE by_kind (id integer, kind text) PARTITION BY LIST (kind);
CREATE TABLE by_kind_a PARTITION OF by_kind FOR VALUES IN ('a');
