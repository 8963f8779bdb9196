CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, note text, deleted boolean NOT NULL DEFAULT false);
CREATE TABLE audit (id bigserial PRIMARY KEY, what text NOT NULL);
CREATE VIEW active_orders AS SELECT id, status, note FROM orders WHERE NOT deleted;

CREATE RULE soft_delete AS ON DELETE TO orders DO INSTEAD UPDATE orders SET deleted = true WHERE id = old.id;
COMMENT ON RULE soft_delete ON orders IS 'rows are marked, never deleted';
CREATE RULE audit_insert AS ON INSERT TO orders DO ALSO INSERT INTO audit (what) VALUES ('new order ' || new.id || ' ' || new.status);
ALTER TABLE orders DISABLE RULE audit_insert;
CREATE RULE note_change AS ON UPDATE TO orders WHERE new.note IS DISTINCT FROM old.note
    DO ALSO INSERT INTO audit (what) VALUES ('note ' || new.note);
CREATE RULE active_insert AS ON INSERT TO active_orders DO INSTEAD INSERT INTO orders (id, status, note) VALUES (new.id, new.status, new.note);
-- New.
CREATE RULE audit_no_delete AS ON DELETE TO audit DO INSTEAD NOTHING;
