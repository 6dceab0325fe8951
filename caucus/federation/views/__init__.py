"""Web views of the federation: ActivityPub documents, collections and inboxes."""
