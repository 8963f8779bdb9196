SELECT legacy_code = 'L-old' FROM products WHERE name = 'old product';
