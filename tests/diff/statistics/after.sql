CREATE TABLE orders (id int, customer int, region text, city text);
CREATE STATISTICS orders_place (ndistinct, dependencies) ON region, city FROM orders;
ALTER STATISTICS orders_place SET STATISTICS 500;
COMMENT ON STATISTICS orders_place IS 'where orders come from';
CREATE STATISTICS orders_lower_city ON (lower(city)), region FROM orders;
