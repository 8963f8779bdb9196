CREATE SCHEMA audit;
CREATE FUNCTION audit.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE DEBUG 'ddl: %', tg_tag; END $$;
CREATE FUNCTION audit.log_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
CREATE FUNCTION audit.log_rewrite() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION audit.log_ddl();
CREATE EVENT TRIGGER log_drops ON sql_drop EXECUTE FUNCTION audit.log_drop();
ALTER EVENT TRIGGER log_drops DISABLE;
COMMENT ON EVENT TRIGGER log_drops IS 'drops, paused';
-- New, on a function that is new too.
CREATE EVENT TRIGGER rewrites ON table_rewrite EXECUTE FUNCTION audit.log_rewrite();
