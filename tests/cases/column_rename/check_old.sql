SELECT fullname = 'Renamed by the old application' FROM customers WHERE id = 1;
SELECT count(*) = 1 FROM customers WHERE fullname = 'Old App';
