INSERT INTO tickets (title) VALUES ('old ticket');
UPDATE tickets SET title = 'renamed' WHERE id = 1;
SELECT id, title FROM tickets WHERE id <= 2 ORDER BY id;
