SELECT count(*) = 1 FROM users WHERE email = 'new@example.com' AND team = '2';
SELECT team = '4' FROM users WHERE id = 3;
