DROP INDEX cards_not_active;
