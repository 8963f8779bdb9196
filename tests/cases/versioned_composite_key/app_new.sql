INSERT INTO lines (order_id, line_no, qty) SELECT max(order_id) + 1, 7, 5000 FROM lines;
UPDATE lines SET qty = 9 WHERE order_id = 2 AND line_no = 1;
SELECT order_id, line_no + 1, qty FROM lines WHERE order_id = 2 ORDER BY line_no;
