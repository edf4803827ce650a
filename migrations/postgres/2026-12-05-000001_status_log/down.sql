DROP TRIGGER retired_status_log ON retired_status_indexes;
DROP FUNCTION status_log_retired();
DROP TRIGGER cards_status_log ON cards;
DROP FUNCTION status_log_card();
DROP TABLE status_log;
