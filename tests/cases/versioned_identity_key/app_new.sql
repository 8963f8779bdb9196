INSERT INTO tickets (title) VALUES ('new ticket');
UPDATE tickets SET title = 'retitled' WHERE id = 2;
SELECT id + 1, title FROM tickets WHERE id = 2;
