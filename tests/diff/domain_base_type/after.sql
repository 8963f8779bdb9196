CREATE DOMAIN amount AS numeric(12, 2) CHECK (VALUE > -1000000);
CREATE TABLE ledger (id int PRIMARY KEY, amt amount NOT NULL DEFAULT 0, fee amount);
CREATE INDEX ledger_big ON ledger (id) WHERE amt > 1000;
CREATE VIEW ledger_view AS SELECT id, amt FROM ledger;
COMMENT ON DOMAIN amount IS 'money';
