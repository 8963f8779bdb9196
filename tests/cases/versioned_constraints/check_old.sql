SELECT count(*) = 1 FROM users WHERE email = 'Mixed@Example.com' AND team = '3';
SELECT team = '' FROM users WHERE id = 1;
