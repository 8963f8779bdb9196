CREATE TABLE g (a bigint, b bigint GENERATED ALWAYS AS (a * 2) STORED);
CREATE INDEX g_b ON g (b);
