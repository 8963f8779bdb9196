SELECT count(*) = 1000 FROM logs;
