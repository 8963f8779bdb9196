-- A table that becomes the first partition of a new partitioned table: the new parent's
-- key and index are built on it concurrently before it is attached, and a rollback drops
-- them with the parent.
CREATE TABLE logs (id bigint NOT NULL, at date NOT NULL, msg text);
CREATE INDEX logs_msg ON logs (msg);
INSERT INTO logs SELECT g, date '2025-01-01' + (g % 300), 'm' || g FROM generate_series(1, 1000) g;
