-- The new application, through its version's views: the new names, the new types.
INSERT INTO users (email, points) VALUES ('new@example.com', 42);
UPDATE users SET points = points + 1 WHERE id = 2;
SELECT id, email, points + 1 FROM users WHERE id IN (1, 2) ORDER BY id;
SELECT count(*) FROM users WHERE email LIKE 'user%@example.com';
