CREATE TABLE readings (id integer NOT NULL, at date NOT NULL, extra text) PARTITION BY RANGE (at);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- Leaves its parent, and the column it does not keep goes.
CREATE TABLE readings_2024 (id integer NOT NULL, at date NOT NULL);
