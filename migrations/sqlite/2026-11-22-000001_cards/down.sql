DROP TABLE card_events;
DROP TABLE cards;
DROP TABLE members;
DROP TABLE families;
