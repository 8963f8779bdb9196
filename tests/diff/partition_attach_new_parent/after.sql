CREATE TABLE logs_p (id bigint NOT NULL, at date NOT NULL, msg text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE INDEX logs_p_at ON logs_p (at);
CREATE INDEX logs_p_msg ON logs_p (msg);
CREATE TABLE logs PARTITION OF logs_p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
