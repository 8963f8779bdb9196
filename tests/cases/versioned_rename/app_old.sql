-- The old application: its names, its types.
INSERT INTO users (mail, score) VALUES ('Old@Example.com', '5');
UPDATE users SET score = '9' WHERE id = 1;
SELECT id, mail, score FROM users WHERE id = 1;
