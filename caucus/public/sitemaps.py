"""Sitemaps (Django's framework): public items with their language alternates, and profiles."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from caucus.coalitions.models import Coalition
from caucus.organizations.models import Organization
from caucus.public.models import Publication


class PublicationSitemap(Sitemap):
    """Only the publication index is listed, so private, protected or withdrawn items never are."""

    limit = 5000

    def items(self):
        return Publication.objects.filter(published_at__lte=timezone.now()).order_by("id")

    def location(self, item: Publication) -> str:
        return item.url

    def lastmod(self, item: Publication):
        return item.updated

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for entry in urls:
            alternates = entry["item"].alternates or []
            entry["alternates"] = [
                {"location": f"{protocol}://{domain}{alt['url']}", "lang_code": alt["language"]}
                for alt in alternates
            ]
        return urls


class ProfileSitemap(Sitemap):
    def items(self):
        organizations = list(Organization.objects.public().order_by("id"))
        return organizations + list(Coalition.objects.public().order_by("id"))

    def location(self, item) -> str:
        return item.get_absolute_url()


class StaticSitemap(Sitemap):
    def items(self):
        return ["public:home", "public:search"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"items": PublicationSitemap, "profiles": ProfileSitemap, "pages": StaticSitemap}
