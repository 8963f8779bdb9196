CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, note varchar(10), deleted boolean NOT NULL DEFAULT false);
CREATE TABLE audit (id bigserial PRIMARY KEY, what text NOT NULL);
CREATE TABLE old_log (order_id bigint, at timestamptz DEFAULT now());
CREATE VIEW active_orders AS SELECT id, status FROM orders WHERE NOT deleted;

-- Unchanged but for a comment added.
CREATE RULE soft_delete AS ON DELETE TO orders DO INSTEAD UPDATE orders SET deleted = true WHERE id = old.id;
-- Changed (and disabled) in the target.
CREATE RULE audit_insert AS ON INSERT TO orders DO ALSO INSERT INTO audit (what) VALUES ('insert ' || new.id);
-- Dropped, with the table it writes to.
CREATE RULE log_update AS ON UPDATE TO orders DO ALSO INSERT INTO old_log (order_id) VALUES (new.id);
-- Dropped alone, its comment with it.
CREATE RULE audit_readonly AS ON UPDATE TO audit DO INSTEAD NOTHING;
COMMENT ON RULE audit_readonly ON audit IS 'audit rows never change';
-- Reads a column whose type changes: dropped before, created again after.
CREATE RULE note_change AS ON UPDATE TO orders WHERE new.note IS DISTINCT FROM old.note
    DO ALSO INSERT INTO audit (what) VALUES ('note ' || new.note);
-- On a view that is created again: comes back with it.
CREATE RULE active_insert AS ON INSERT TO active_orders DO INSTEAD INSERT INTO orders (id, status) VALUES (new.id, new.status);
