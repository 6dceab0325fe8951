""" "Find an action near you": a campaign's upcoming actions nearest a city, nearest first."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from caucus.campaigns.models import Campaign, PlaceCount
from caucus.campaigns.near import NearEvents, ranked_places, resolve
from caucus.campaigns.permissions import get_public_campaign
from caucus.campaigns.reader import reader_zone
from caucus.lib.countries import country_choices, country_name
from caucus.lib.forms import form_status

PAGE_SIZE = 20


class NearForm(forms.Form):
    city = forms.CharField(label=_l("City"), max_length=120, required=False)
    country = forms.ChoiceField(label=_l("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *country_choices()]
        self.fields["city"].widget.attrs.update(
            {"list": "near-cities", "autocomplete": "address-level2", "enterkeyhint": "search"}
        )

    def clean(self):
        data = super().clean()
        if not data.get("city", "").strip() and not data.get("country") and not self.errors:
            raise forms.ValidationError(_("Type a city, or choose a country."))
        return data


def place_names(campaign: Campaign) -> list[str]:
    """The campaign's cities, for the form's suggestions (a <datalist>, no script needed)."""
    names = PlaceCount.objects.filter(campaign=campaign, events__gt=0).values_list(
        "city", flat=True
    )
    return sorted(set(names))[:500]


def _choice_url(campaign: Campaign, city) -> str:
    query = urlencode({"city": city.name, "country": city.country})
    return f"{reverse('campaigns:near', args=[campaign.slug])}?{query}"


def near(request, slug):
    campaign = get_public_campaign(slug)
    form = NearForm(request.GET or None)
    ctx = {"campaign": campaign, "form": form, "cities": place_names(campaign)}
    if not form.is_bound or not form.is_valid():
        return render(request, "campaigns/near.html", ctx, status=form_status(form))
    city, country = form.cleaned_data["city"].strip(), form.cleaned_data["country"]
    if not city:  # a country alone: the calendar lists its actions
        query = urlencode({"country": country})
        return redirect(f"{reverse('campaigns:calendar', args=[campaign.slug])}?{query}")
    origin, others = resolve(city, country)
    if origin is None and not others:
        form.add_error(
            "city",
            _("We do not know a city called %(city)s. Try the nearest larger city.")
            % {"city": city},
        )
        return render(request, "campaigns/near.html", ctx, status=400)
    choices = [
        {"url": _choice_url(campaign, c), "name": c.name, "country": country_name(c.country)}
        for c in others
    ]
    if origin is None:
        return render(request, "campaigns/near.html", {**ctx, "choices": choices})
    found = NearEvents(campaign, ranked_places(campaign, origin))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx |= {
        "origin": origin,
        "origin_country": country_name(origin.country),
        "others": choices,
        "page": page,
        "reader_zone": reader_zone(request),
    }
    return render(request, "campaigns/near.html", ctx)
