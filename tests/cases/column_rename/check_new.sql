SELECT fullname = 'Renamed by the new application' FROM customers WHERE id = 2;
SELECT count(*) = 1 FROM customers WHERE fullname = 'New App';
