"""The editors' translation pages, the same for every translatable kind.

Each app routes them under its object with `translation_urls()`, passing its Translatable
(caucus/translations/kinds.py), whose guard decides who may enter. Pages: the list of an
object's translations (stale ones marked), adding or editing one side by side with the
original, marking one reviewed, and deleting one after a confirmation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.lib.forms import apply_validation_error, form_status
from caucus.lib.translations import direction, endonym
from caucus.translations import services
from caucus.translations.forms import TranslationForm
from caucus.translations.kinds import Translatable


def _translation(source, language: str):
    model = source.translations.model
    return get_object_or_404(model, **{model.SOURCE_FIELD: source, "language": language})


def _base(translatable: Translatable, source) -> dict:
    return {
        "translatable": translatable,
        "source": source,
        "source_name": endonym(source.language),
        "source_dir": direction(source.language),
        "list_url": translatable.url("translations", source),
        "back_url": translatable.back_url(source),
        "page_url": translatable.page_url(source),
    }


@login_required
def translation_list(request, translatable: Translatable, **kwargs):
    source = translatable.for_editor(request, kwargs)
    translations = list(source.translations.select_related("updated_by"))
    rows = [
        {
            "t": t,
            "stale": t.stale_keys(),
            **{
                view: translatable.url(f"translation_{view}", source, language=t.language)
                for view in ("edit", "review", "delete")
            },
        }
        for t in translations
    ]
    new_url = translatable.url("translation_new", source)
    ctx = {**_base(translatable, source), "rows": rows, "new_url": new_url}
    return render(request, "translations/list.html", ctx)


@login_required
def translation_edit(request, translatable: Translatable, language: str | None = None, **kwargs):
    source = translatable.for_editor(request, kwargs)
    translation = _translation(source, language) if language else None
    data = request.POST if request.method == "POST" else None  # an empty POST is refused too
    form = TranslationForm(data, source=source, translation=translation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.translation_save(
                translatable=translatable,
                source=source,
                actor=request.user,
                texts=form.texts(),
                **form.meta(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The translation is saved."))
            return redirect(translatable.url("translation_edit", source, language=saved.language))
    stale = set(translation.stale_keys()) if translation else set()
    ctx = {
        **_base(translatable, source),
        "form": form,
        "translation": translation,
        "stale": stale,
        "target_dir": direction(translation.language) if translation else "auto",
        "target_name": endonym(translation.language) if translation else "",
        "rows": [(item, field, item.key in stale) for item, field in form.text_rows()],
    }
    status = form_status(form)
    return render(request, "translations/form.html", ctx, status=status)


@login_required
@require_POST
def translation_review(request, translatable: Translatable, language: str, **kwargs):
    source = translatable.for_editor(request, kwargs)
    translation = _translation(source, language)
    reviewed = request.POST.get("reviewed", "1") != "0"
    services.translation_review(
        translatable=translatable, translation=translation, actor=request.user, reviewed=reviewed
    )
    if reviewed:
        messages.success(request, _("The translation is marked as reviewed."))
    else:
        messages.success(request, _("The translation is marked as not reviewed."))
    return redirect(translatable.url("translations", source))


@login_required
def translation_delete(request, translatable: Translatable, language: str, **kwargs):
    """GET asks for confirmation; POST deletes (never one click from the list)."""
    source = translatable.for_editor(request, kwargs)
    translation = _translation(source, language)
    if request.method == "POST":
        services.translation_delete(
            translatable=translatable, translation=translation, actor=request.user
        )
        messages.success(request, _("The translation is deleted."))
        return redirect(translatable.url("translations", source))
    ctx = {**_base(translatable, source), "translation": translation}
    return render(request, "translations/delete.html", ctx)


def translation_urls(prefix: str, translatable: Translatable) -> list[URLPattern]:
    """The four pages under `prefix` (e.g. "campaigns/<slug:slug>/"), named
    translations, translation_new, translation_edit, translation_review, translation_delete."""
    kind = {"translatable": translatable}
    base = prefix + "translations/"
    one = base + "<str:language>/"
    return [
        path(base, translation_list, kind, name="translations"),
        path(base + "new/", translation_edit, kind, name="translation_new"),
        path(one, translation_edit, kind, name="translation_edit"),
        path(one + "review/", translation_review, kind, name="translation_review"),
        path(one + "delete/", translation_delete, kind, name="translation_delete"),
    ]
