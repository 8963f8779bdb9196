SELECT has_function_privilege('ps_app', 'app.add_item(bigint, text)', 'EXECUTE');
SELECT NOT has_function_privilege('ps_reporting', 'app.add_item(bigint, text)', 'EXECUTE');
SELECT has_function_privilege('ps_reporting', 'app.add_item(bigint, text, numeric)', 'EXECUTE');
SELECT NOT has_function_privilege('ps_app', 'app.purge(bigint)', 'EXECUTE');
SELECT has_function_privilege('ps_reporting', 'app.item_count()', 'EXECUTE');
SELECT NOT has_table_privilege('ps_reporting', 'app.items', 'SELECT');
