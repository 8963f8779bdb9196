SELECT count(*) >= 1 FROM users WHERE name = 'old user';
SELECT count(*) = 0 FROM users WHERE id = 33;
SELECT count(*) = 0 FROM orders WHERE user_id = 33;
