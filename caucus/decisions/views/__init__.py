"""Web views of decisions: meetings and the action plan, motions, votes and their ledger."""
