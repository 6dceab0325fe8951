"""Web views of the public site: its pages, the language switcher and the health check."""
