SELECT count(*) >= 1 FROM notes n JOIN lines l USING (order_id, line_no) WHERE n.body = 'old note' AND l.qty = 7;
SELECT qty = 4 FROM lines WHERE order_id = 1 AND line_no = 0;
