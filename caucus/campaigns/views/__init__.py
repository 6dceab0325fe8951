"""The campaigns app's web views, one module per noun."""
