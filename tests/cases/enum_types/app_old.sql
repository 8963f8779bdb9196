INSERT INTO tickets (title, status) VALUES ('old ticket', NULL);
UPDATE tickets SET status = 'closed' WHERE id = 3;
SELECT id, status FROM tickets WHERE id IN (1, 2, 3) ORDER BY id;
