-- Bounds that the sequence's current value is outside of: it moves on to them first.
CREATE SEQUENCE up_from_one;
CREATE SEQUENCE counting_down INCREMENT BY -1;
CREATE SEQUENCE used START 100;
SELECT nextval('used');
