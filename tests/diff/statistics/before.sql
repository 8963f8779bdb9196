-- Extended statistics: created, defined otherwise, dropped, and dropped before a column
-- they cover goes.
CREATE TABLE orders (id int, customer int, region text, city text, legacy int);
CREATE STATISTICS orders_place (ndistinct) ON region, city FROM orders;
CREATE STATISTICS orders_legacy ON customer, legacy FROM orders;
CREATE STATISTICS orders_going (mcv) ON id, customer FROM orders;
