INSERT INTO users (name) VALUES ('old user');
INSERT INTO orders (user_id, total) VALUES (1, 9.5);
INSERT INTO audit (user_id) VALUES (2);
DELETE FROM users WHERE id = 33;
SELECT u.name, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.id <= 5 GROUP BY u.name;
