CREATE TABLE items (id integer, price numeric);
CREATE FUNCTION price_with_tax(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT p * 1.2 $$;
CREATE FUNCTION label(i integer) RETURNS text LANGUAGE sql AS $$ SELECT 'item ' || i $$;
CREATE VIEW priced AS SELECT id, label(id) AS label, price_with_tax(price) AS gross FROM items;
CREATE FUNCTION gone(a integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + b $$;
CREATE FUNCTION gone(a text) RETURNS text LANGUAGE sql AS $$ SELECT a $$;
CREATE PROCEDURE reset_items() LANGUAGE sql AS $$ DELETE FROM items $$;
