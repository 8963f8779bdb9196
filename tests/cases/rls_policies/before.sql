DO $$ BEGIN CREATE ROLE ps_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE ps_reporting; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE notes (id serial PRIMARY KEY, tenant text NOT NULL, body text NOT NULL);
INSERT INTO notes (tenant, body) SELECT CASE WHEN g % 2 = 0 THEN 'ps_app' ELSE 'other' END, 'note ' || g FROM generate_series(1, 20) g;
