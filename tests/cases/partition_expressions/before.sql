DO $$ BEGIN CREATE ROLE ps_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE accounts (id bigint PRIMARY KEY, region text NOT NULL);
INSERT INTO accounts SELECT g, (ARRAY['EU', 'us', 'Apac'])[1 + g % 3] FROM generate_series(1, 30) g;
