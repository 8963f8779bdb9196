-- Objects that call a function whose parameter is renamed (so dropped and created again), and stay.
CREATE FUNCTION price(amount numeric, rate numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT amount * rate';
CREATE TABLE inv (id int, amount numeric DEFAULT price(1, 2), CHECK (price(amount, 1) >= 0));
CREATE INDEX inv_p ON inv (price(amount, 3));
CREATE VIEW invv AS SELECT id, price(amount, 2) AS p FROM inv;
