# The public catalogue of partners, the map and the application to join.
