-- A table of its own becomes a partition: the key and the index it has that its new parent
-- has too become the parent's when it is attached, and are not dropped.
CREATE TABLE m (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE INDEX m_v ON m (v);
CREATE TABLE m_2025 (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at));
CREATE INDEX m_2025_v_idx ON m_2025 (v);
INSERT INTO m_2025 VALUES (1, '2025-03-01', 'a'), (2, '2025-07-01', 'b');
