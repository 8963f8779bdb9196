INSERT INTO users (email, team) VALUES ('new@example.com', 2);
UPDATE users SET team = 4 WHERE id = 3;
SELECT id, email, team + 1 FROM users WHERE id = 3;
