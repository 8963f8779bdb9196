CREATE TABLE items (id integer, price numeric);
CREATE FUNCTION price_with_tax(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT p * 1.25 $$;
CREATE FUNCTION label(i integer) RETURNS varchar LANGUAGE sql AS $$ SELECT 'item #' || i $$;
CREATE VIEW priced AS SELECT id, label(id) AS label, price_with_tax(price) AS gross FROM items;
CREATE FUNCTION gone(a text) RETURNS text LANGUAGE sql AS $$ SELECT a $$;
CREATE PROCEDURE reset_items(keep integer) LANGUAGE sql AS $$ DELETE FROM items WHERE id > keep $$;
CREATE FUNCTION plpgsql_one() RETURNS integer LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$ BEGIN RETURN 1; END $$;
