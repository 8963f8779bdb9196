INSERT INTO notes (tenant, body) VALUES ('other', 'from the old application');
SELECT count(*) FROM notes;
