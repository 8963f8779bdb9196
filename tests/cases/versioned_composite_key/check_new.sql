SELECT qty = 9 FROM lines WHERE order_id = 2 AND line_no = 1;
