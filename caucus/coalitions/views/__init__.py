"""Web views of coalitions: the coalition itself, its members, its platform and coordinators."""
