"""Web views of solidarity cases: the public pages and following a case, and the coordinators'
pages with the timeline and links."""
