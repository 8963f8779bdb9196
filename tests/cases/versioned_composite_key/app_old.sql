INSERT INTO lines (order_id, line_no, qty) SELECT max(order_id) + 1, 0, 7 FROM lines;
INSERT INTO notes (order_id, line_no, body) SELECT max(order_id), 0, 'old note' FROM lines;
UPDATE lines SET qty = qty + 1 WHERE order_id = 1 AND line_no = 0;
SELECT l.qty, n.body FROM lines l JOIN notes n USING (order_id, line_no) WHERE l.order_id = 1;
