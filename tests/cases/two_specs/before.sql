CREATE TABLE authors (id int PRIMARY KEY, name text);
INSERT INTO authors VALUES (1, 'a'), (2, 'b');
