SELECT count(*) >= 1 FROM tickets WHERE title = 'new ticket';
SELECT title = 'retitled' FROM tickets WHERE id = 2;
SELECT count(DISTINCT id) = count(*) FROM tickets;
