-- The rows are kept through the conversion, both ways.
SELECT amt = 12.50 AND fee IS NULL FROM ledger WHERE id = 1;
SELECT amt = 99999999.99 AND fee = 1 FROM ledger WHERE id = 2;
