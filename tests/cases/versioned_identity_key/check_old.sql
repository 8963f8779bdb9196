SELECT count(*) >= 1 FROM tickets WHERE title = 'old ticket';
SELECT title = 'renamed' FROM tickets WHERE id = 1;
