"""Web views of webhooks: a coalition's or an organization's webhooks page and its actions."""
