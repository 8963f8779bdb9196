INSERT INTO users (email, team) VALUES ('Mixed@Example.com', '3');
UPDATE users SET team = '' WHERE id = 1;
SELECT id, email, team FROM users WHERE id <= 2 ORDER BY id;
