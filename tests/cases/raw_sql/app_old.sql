UPDATE notes SET body = body || '!' WHERE id = 1;
INSERT INTO notes (body) VALUES ('from the old application');
SELECT id, body FROM notes WHERE id = 1;
