"""Web views of organizations: the organization itself, its invitations, members and bodies."""
