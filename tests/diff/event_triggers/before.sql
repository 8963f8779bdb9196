CREATE SCHEMA audit;
CREATE FUNCTION audit.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE DEBUG 'ddl: %', tg_tag; END $$;
CREATE FUNCTION audit.log_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
-- Its tags change: dropped and created again.
CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION audit.log_ddl();
-- Disabled, its comment changed.
CREATE EVENT TRIGGER log_drops ON sql_drop EXECUTE FUNCTION audit.log_drop();
COMMENT ON EVENT TRIGGER log_drops IS 'drops';
-- Dropped.
CREATE EVENT TRIGGER old_guard ON ddl_command_start WHEN TAG IN ('DROP TABLE') EXECUTE FUNCTION audit.log_ddl();
