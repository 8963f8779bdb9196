SELECT legacy_code = 'P-' || id FROM products WHERE name = 'new product';
SELECT count(*) = 1 FROM products WHERE id = 1 AND name = 'renamed by the new application';
