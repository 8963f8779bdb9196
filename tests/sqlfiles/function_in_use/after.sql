CREATE FUNCTION price(gross numeric, rate numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT gross * rate';
CREATE TABLE inv (id int, amount numeric DEFAULT price(1, 2), CHECK (price(amount, 1) >= 0));
CREATE INDEX inv_p ON inv (price(amount, 3));
CREATE VIEW invv AS SELECT id, price(amount, 2) AS p FROM inv;
