CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric);
CREATE VIEW priced AS SELECT id, name FROM items WHERE price IS NOT NULL;
CREATE FUNCTION priced_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO items (id, name, price) VALUES (NEW.id, NEW.name, 0);
  RETURN NEW;
END $$;
CREATE TRIGGER priced_insert INSTEAD OF INSERT ON priced FOR EACH ROW EXECUTE FUNCTION priced_insert();
COMMENT ON TRIGGER priced_insert ON priced IS 'new rows start free';
-- Dropped: its rollback brings its comment back too.
CREATE FUNCTION items_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION items_touch();
COMMENT ON TRIGGER items_touch ON items IS 'kept for audits';
-- A view recreated around a column type change, with two INSTEAD OF triggers: both come
-- back after the view does.
CREATE VIEW named AS SELECT id, name FROM items;
CREATE FUNCTION named_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER named_insert INSTEAD OF INSERT ON named FOR EACH ROW EXECUTE FUNCTION named_write();
CREATE TRIGGER named_update INSTEAD OF UPDATE ON named FOR EACH ROW EXECUTE FUNCTION named_write();
