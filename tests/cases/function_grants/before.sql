DO $$ BEGIN CREATE ROLE ps_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE ps_reporting; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10, 2));
CREATE FUNCTION app.add_item(item_id bigint, item_name text) RETURNS void LANGUAGE sql SECURITY DEFINER
    AS $$ INSERT INTO app.items (id, name) VALUES (item_id, item_name) $$;
CREATE FUNCTION app.add_item(item_id bigint, item_name text, item_price numeric) RETURNS void LANGUAGE sql SECURITY DEFINER
    AS $$ INSERT INTO app.items VALUES (item_id, item_name, item_price) $$;
CREATE PROCEDURE app.purge(below bigint) LANGUAGE sql AS $$ DELETE FROM app.items WHERE id < below $$;
CREATE FUNCTION app.item_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM app.items $$;
GRANT SELECT ON app.items TO ps_reporting;
GRANT USAGE ON SCHEMA app TO ps_app, ps_reporting;
