INSERT INTO users (name) VALUES ('new user');
INSERT INTO orders (user_id, total) VALUES (2, 1.5);
DELETE FROM users WHERE id = 34;
SELECT id + 1, name FROM users WHERE id = 2;
