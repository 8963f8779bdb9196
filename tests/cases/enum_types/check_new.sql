SELECT status = 'pending' FROM tickets WHERE title = 'new ticket';
SELECT status = 'pending' FROM tickets WHERE id = 2;
