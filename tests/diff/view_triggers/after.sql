CREATE TABLE items (id bigint PRIMARY KEY, name varchar(100) NOT NULL, price numeric);
-- A column before the others: the view is created again, its trigger with it.
CREATE VIEW priced AS SELECT price, id, name FROM items WHERE price IS NOT NULL;
CREATE FUNCTION priced_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO items (id, name, price) VALUES (NEW.id, NEW.name, 0);
  RETURN NEW;
END $$;
CREATE TRIGGER priced_insert INSTEAD OF INSERT ON priced FOR EACH ROW EXECUTE FUNCTION priced_insert();
COMMENT ON TRIGGER priced_insert ON priced IS 'new rows start free';
CREATE FUNCTION items_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE VIEW named AS SELECT id, name FROM items;
CREATE FUNCTION named_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER named_insert INSTEAD OF INSERT ON named FOR EACH ROW EXECUTE FUNCTION named_write();
CREATE TRIGGER named_update INSTEAD OF UPDATE ON named FOR EACH ROW EXECUTE FUNCTION named_write();
