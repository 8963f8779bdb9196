SELECT status IS NULL FROM tickets WHERE title = 'old ticket';
SELECT status = 'closed' FROM tickets WHERE id = 3;
