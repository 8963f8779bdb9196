SELECT count(*) >= 1 FROM users WHERE name = 'new user';
SELECT count(*) = 0 FROM orders WHERE user_id = 34;
SELECT count(*) >= 1 FROM orders WHERE user_id = 2 AND total = 1.5;
