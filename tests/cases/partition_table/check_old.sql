SELECT count(*) = 1403 FROM metrics;
SELECT value = -1 FROM metrics WHERE id = 1;
