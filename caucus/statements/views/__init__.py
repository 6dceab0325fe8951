"""Web views of statements: creating and listing them, drafting, versions, the lifecycle,
amendments and republication."""
