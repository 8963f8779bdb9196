SELECT count(*) = 21 FROM notes;
