-- A table of its own that lacks its new parent's key and index: attaching it makes
-- PostgreSQL build them on it (and a rollback, which detaches it, removes them again).
CREATE TABLE m (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE INDEX m_v ON m (v);
CREATE INDEX m_id ON m (id);
CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE m_2026 (id int NOT NULL, at date NOT NULL, v text);
-- One it has already: kept by the rollback.
CREATE INDEX m_2026_by_v ON m_2026 (v);
INSERT INTO m_2026 VALUES (1, '2026-03-01', 'a'), (2, '2026-07-01', 'b');
