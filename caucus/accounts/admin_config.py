"""django.contrib.admin with Caucus's site (accounts/admin_site.py); INSTALLED_APPS names it.

A module of its own: app configs load before models, and the site's module imports them.
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "caucus.accounts.admin_site.AdminSite"
