DROP TRIGGER retired_status_log;
DROP TRIGGER cards_status_log_update;
DROP TRIGGER cards_status_log_insert;
DROP TABLE status_log;
