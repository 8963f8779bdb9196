CREATE TABLE metrics (id bigserial PRIMARY KEY, recorded_at timestamptz NOT NULL, value double precision);
INSERT INTO metrics (recorded_at, value)
SELECT TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * interval '1 hour', g / 10.0 FROM generate_series(0, 1400) g;
