"""Forms for an organization's profile, its members, invitations and bodies."""

from functools import partial

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from caucus.lib.countries import country_choices, language_choices
from caucus.lib.images import HEADER_HELP, ImageUploads, image_input
from caucus.organizations.models import Body, Organization, Role
from caucus.translations.forms import ContentLanguageField, KeepsContentLanguage


class OrganizationForm(ImageUploads, KeepsContentLanguage, forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"), choices=partial(country_choices, blank="—"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        required=False,
        help_text=_("The languages the organization works in."),
    )
    language = ContentLanguageField(label=_("Language of the description"))

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "slug",
            "country",
            "languages",
            "website",
            "description",
            "language",
            "logo",
            "header",
            "is_public",
        ]
        help_texts = {
            "description": _("Markdown. Links are allowed; raw HTML and off-site images are not."),
            "slug": _("Used in the address of the organization's page: letters, digits, hyphens."),
            "header": HEADER_HELP,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "logo": image_input(),
            "header": image_input(),
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.DELEGATE)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class BodyForm(forms.ModelForm):
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=60,
        required=False,
        help_text=_("Leave empty to make one from the name."),
    )

    class Meta:
        model = Body
        fields = ["name", "slug", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class AcceptInvitationForm(forms.Form):
    """A new person's account: their name and a password; the email is the invitation's."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Confirm password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            from caucus.accounts.models import User

            try:
                password_validation.validate_password(
                    p1, User(email=self.email, name=data.get("name", ""))
                )
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data
