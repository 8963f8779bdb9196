-- (A row holding a label the spec adds, such as prio 'medium', could not be rolled back:
-- the old type has no such label, and the rollback stops with that error.)
INSERT INTO tickets (title, status, prio) VALUES ('new ticket', 'pending', 'high');
UPDATE tickets SET status = 'pending' WHERE id = 2;
SELECT count(*) FROM tickets WHERE status = 'pending';
