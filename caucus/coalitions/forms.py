"""Forms for creating and running a coalition."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.models import Coalition
from caucus.lib.images import HEADER_HELP, ImageUploads, image_input
from caucus.organizations.models import Organization
from caucus.translations.forms import ContentLanguageField, KeepsContentLanguage


class CoalitionForm(KeepsContentLanguage, forms.ModelForm):
    language = ContentLanguageField(label=_("Language of the description and platform"))

    class Meta:
        model = Coalition
        fields = ["name", "slug", "description", "language", "member_list", "is_public"]
        help_texts = {
            "description": _("Markdown. Links are allowed; raw HTML and off-site images are not."),
            "slug": _("Used in the address of the coalition's page: letters, digits, hyphens."),
            "member_list": _("Who can see which organizations are members."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "member_list": forms.RadioSelect,
        }


class CoalitionSettingsForm(ImageUploads, CoalitionForm):
    """The settings page's form: the images are uploaded there, once the coalition exists (the
    API takes CoalitionForm's fields, without them)."""

    class Meta(CoalitionForm.Meta):
        fields = [*CoalitionForm.Meta.fields, "logo", "header"]
        help_texts = {**CoalitionForm.Meta.help_texts, "header": HEADER_HELP}
        widgets = {
            **CoalitionForm.Meta.widgets,
            "logo": image_input(),
            "header": image_input(),
        }


class CreateCoalitionForm(CoalitionForm):
    organization = forms.ModelChoiceField(
        label=_("Founding organization"),
        queryset=Organization.objects.none(),
        help_text=_("Your organization becomes the coalition's first member."),
    )

    class Meta(CoalitionForm.Meta):
        fields = ["organization", *CoalitionForm.Meta.fields]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk


class InviteOrganizationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.all(),
        to_field_name="slug",
        help_text=_("The organization's admins are asked to accept or decline."),
    )

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.exclude(
            pk__in=coalition.memberships.current().organizations()
        )


class PlatformForm(forms.Form):
    points = forms.CharField(
        label=_("Points"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "One point per paragraph: separate points with an empty line. "
            "They are numbered in this order. Markdown is allowed."
        ),
        max_length=50_000,
    )
    note = forms.CharField(label=_("What changed (optional)"), max_length=300, required=False)

    def clean_points(self) -> list[str]:
        text = self.cleaned_data["points"].replace("\r\n", "\n")
        points = [p.strip() for p in text.split("\n\n") if p.strip()]
        if not points:
            raise forms.ValidationError(_("The platform needs at least one point."))
        if len(points) > 100:
            raise forms.ValidationError(_("A platform can have at most 100 points."))
        return points


class CoordinatorForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
