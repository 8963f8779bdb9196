-- A domain whose base type changes is created again, its columns converted (their rows,
-- defaults, a view over them and a partial index that reads them kept), where dropping it
-- under them failed.
CREATE DOMAIN amount AS numeric(10, 2);
CREATE TABLE ledger (id int PRIMARY KEY, amt amount NOT NULL DEFAULT 0, fee amount);
CREATE INDEX ledger_big ON ledger (id) WHERE amt > 1000;
CREATE VIEW ledger_view AS SELECT id, amt FROM ledger;
COMMENT ON DOMAIN amount IS 'money';
INSERT INTO ledger VALUES (1, 12.50, NULL), (2, 99999999.99, 1);
