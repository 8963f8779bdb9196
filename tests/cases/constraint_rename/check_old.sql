SELECT count(*) = 51 FROM orders;
