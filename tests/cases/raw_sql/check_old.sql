SELECT body = 'note 1!' FROM notes WHERE id = 1;
SELECT count(*) = 51 FROM notes;
