"""Workflows for solidarity cases: open and edit a case, its timeline and links, followers.

Every public field of a protected case is checked here, for the web, the API and commands
alike: one that could name the person is refused (caucus/solidarity/secrecy.py).
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import Coalition
from caucus.lib.crypto import email_index
from caucus.lib.zones import LocalTimeError, get_zone, parse_fold, to_utc
from caucus.solidarity.ical import hearing_uid
from caucus.solidarity.models import (
    CancelledHearing,
    Case,
    CaseLink,
    CaseRecord,
    EntryKind,
    Follower,
    FollowerState,
    LinkKind,
    TimelineEntry,
)
from caucus.solidarity.secrecy import REFUSAL

FAR_FUTURE = timedelta(days=5 * 365)
EARLIEST = date(1900, 1, 1)
RESERVED_SLUGS = {"calendar", "follow", "feed", "new"}


def _unique_slug(case: Case, *, exclude_pk: int | None = None) -> str:
    base = slugify(case.display_name)[:60].strip("-") or "case"
    if case.identifies(base):
        base = "case"
    if base in RESERVED_SLUGS:
        base = f"case-{base}"
    slug, n = base, 1
    taken = Case.objects.all() if exclude_pk is None else Case.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def refuse_identifying(case: Case, markdown: tuple[str, ...] = (), **fields: str) -> None:
    """Refuse the public `fields` of a protected case that could name the person.

    One sentence for every field and every guess, naming the field only: the answer tells
    nothing about which part of the secret matched (the Trust issue: no oracle).
    """
    refused = {
        name: REFUSAL
        for name, text in fields.items()
        if text and case.identifies(str(text), markdown=name in markdown)
    }
    if refused:
        raise ValidationError(refused)


def _with_record(case: Case, record: dict | None) -> CaseRecord:
    """The case's record with the form's values applied, cached on the case for its checks."""
    private = case.private
    for name, value in (record or {}).items():
        setattr(private, name, value)
    case.record = private
    return private


def case_create(
    *, coalition: Coalition, actor, publish: bool = False, record: dict | None = None, **fields
) -> Case:
    case = Case(coalition=coalition, created_by=actor, **fields)
    private = _with_record(case, record)
    refuse_identifying(case, ("summary",), display_name=case.display_name, summary=case.summary)
    with transaction.atomic():
        case.slug = _unique_slug(case)
        case.published_at = timezone.now() if publish else None
        case.save()
        private.save()
        _audit(case, actor, "case.created")
    return case


def case_update(
    *,
    case: Case,
    actor,
    changed: list[str],
    publish: bool | None = None,
    record: dict | None = None,
) -> Case:
    """Save an edit the form applied. The address stays, except that a protected case never
    keeps one that could name the person: that one goes without a redirect, which would tie
    the name to the case."""
    private = _with_record(case, record)
    refuse_identifying(case, ("summary",), display_name=case.display_name, summary=case.summary)
    if publish is not None and publish != (case.published_at is not None):
        case.published_at = timezone.now() if publish else None
        changed = [*changed, "published"]
    if not changed:
        return case
    with transaction.atomic():
        _readdress(case)
        private.save()
        case.updated = timezone.now()
        case.save()  # republishes the search index row (caucus/public/publishers.py)
        if case.protected and {"protected", "full_name", "city"} & set(changed):
            _retell_history(case)
        _audit(case, actor, "case.updated", fields=", ".join(sorted(set(changed))))
    return case


def _readdress(case: Case) -> bool:
    """Give a protected case a new address when its own could name the person; the new one
    is made from the display name, or is "case" when that could name the person too."""
    if not case.identifies(case.slug):
        return False
    case.slug = _unique_slug(case, exclude_pk=case.pk)
    return True


def case_readdress(*, case: Case, actor=None) -> bool:
    """Move a protected case off an address that could name the person; False when its
    address could not. For rows stored before the Trust issue's rule, which no edit has
    rewritten since (`check_protected_cases --fix`).

    The old address is not redirected (a redirect would tie the name to the case), and the
    log says that the address changed, never what it was. Calendars replace the hearings
    they hold, whose URL changed; saving the case republishes its search index row.
    """
    with transaction.atomic():
        if not _readdress(case):
            return False
        case.updated = timezone.now()
        case.save(update_fields=["slug", "updated"])
        _retell_history(case)
        _audit(case, actor, "case.updated", fields="slug")
    return True


def _retell_history(case: Case) -> None:
    """After protection is turned on or the secret changes, the public accessors withhold
    what now could name the person; a new SEQUENCE and `updated` make calendars and feed
    readers replace the copies they hold."""
    case.entries.update(sequence=F("sequence") + 1, updated=timezone.now())


def _audit(case: Case, actor, action: str, **data) -> None:
    # The log keeps the case's id and shows its current public name (caucus/audit/actions.py):
    # a name it had before it became protected is never kept.
    audit_record(
        actor=actor,
        action=action,
        organization=case.organization,
        coalition=case.coalition,
        case_id=case.pk,
        **data,
    )


def _entry_times(
    *, kind: str, day: date | None, at: time | None, time_zone: str, fold: str = ""
) -> tuple[date, datetime | None, str]:
    """(date, start in UTC or None, zone) for an entry, or ValidationError per field.

    1. a date is needed, not before 1900 and not more than five years ahead;
    2. a hearing also needs a local time and an IANA zone, and the time must exist there
       (a clock skipped by a daylight-saving change is refused, one that happens twice needs
       `fold` to say which: caucus/lib/zones.py, the rule of every local time);
    3. other kinds keep the date alone.
    """
    errors: dict[str, str] = {}
    if day is None:
        raise ValidationError({"date": _("Give the date.")})
    if day < EARLIEST:
        errors["date"] = _("The date is too far in the past.")
    elif day > timezone.localdate() + FAR_FUTURE:
        errors["date"] = _("The date is more than five years ahead; check the year.")
    if kind != EntryKind.HEARING:
        if errors:
            raise ValidationError(errors)
        return day, None, ""
    zone = get_zone(time_zone)
    if zone is None:
        errors["time_zone"] = _("Choose the time zone of the court (e.g. Europe/Istanbul).")
    if at is None:
        errors["time"] = _("A hearing needs its local time.")
    if errors or zone is None or at is None:
        raise ValidationError(errors)
    try:
        utc = to_utc(datetime.combine(day, at), zone, fold=parse_fold(fold))
    except LocalTimeError as exc:
        raise ValidationError({"time": str(exc)}) from exc
    return day, utc, time_zone


def _flag_hearings_before_arrest(case: Case) -> None:
    """Mark hearings dated before the first arrest: allowed, but shown as a warning."""
    first_arrest = case.entries.filter(kind=EntryKind.ARREST).aggregate(d=Min("date"))["d"]
    hearings = case.entries.filter(kind=EntryKind.HEARING)
    if first_arrest is None:
        hearings.update(before_arrest=False)
        return
    hearings.filter(date__lt=first_arrest).update(before_arrest=True)
    hearings.filter(date__gte=first_arrest).update(before_arrest=False)


def entry_add(
    *,
    case: Case,
    actor,
    kind: str,
    date: date | None,
    time: time | None = None,
    time_fold: str = "",
    time_zone: str = "",
    place: str = "",
    note: str = "",
    source_url: str = "",
) -> TimelineEntry:
    from caucus.solidarity.tasks import notify_followers

    refuse_identifying(case, ("note",), place=place, note=note, source_url=source_url)
    day, starts_at, zone = _entry_times(
        kind=kind, day=date, at=time, time_zone=time_zone, fold=time_fold
    )
    with transaction.atomic():
        entry = TimelineEntry.objects.create(
            case=case,
            kind=kind,
            date=day,
            starts_at=starts_at,
            time_zone=zone,
            place=place,
            note=note,
            source_url=source_url,
            created_by=actor,
        )
        _flag_hearings_before_arrest(case)
        entry.refresh_from_db(fields=["before_arrest"])
        _audit(case, actor, "case.entry_added", kind=entry.get_kind_display(), date=day)
        transaction.on_commit(lambda: notify_followers.enqueue(entry.pk))
    return entry


def entry_update(*, entry: TimelineEntry, actor, **fields) -> TimelineEntry:
    public = {name: fields.get(name, "") for name in ("place", "note", "source_url")}
    refuse_identifying(entry.case, ("note",), **public)
    day, starts_at, zone = _entry_times(
        kind=fields["kind"],
        day=fields["date"],
        at=fields.get("time"),
        time_zone=fields.get("time_zone", ""),
        fold=fields.get("time_fold", ""),
    )
    with transaction.atomic():
        entry.kind, entry.date, entry.starts_at, entry.time_zone = (
            fields["kind"],
            day,
            starts_at,
            zone,
        )
        entry.place = fields.get("place", "")
        entry.note = fields.get("note", "")
        entry.source_url = fields.get("source_url", "")
        entry.sequence += 1  # calendar apps replace the event they hold
        entry.updated = timezone.now()
        entry.save()
        _flag_hearings_before_arrest(entry.case)
        entry.refresh_from_db(fields=["before_arrest"])
        _audit(entry.case, actor, "case.entry_updated", entry=entry.pk)
    return entry


def entry_delete(*, entry: TimelineEntry, actor) -> None:
    """Remove an entry; a hearing still ahead leaves a cancellation for calendars."""
    with transaction.atomic():
        case, pk = entry.case, entry.pk
        if entry.kind == EntryKind.HEARING and entry.starts_at and entry.starts_at > timezone.now():
            CancelledHearing.objects.create(
                case=case,
                uid=hearing_uid(entry),
                sequence=entry.sequence + 1,
                starts_at=entry.starts_at,
                time_zone=entry.time_zone or "UTC",
                place=entry.place,
            )
        entry.delete()
        _flag_hearings_before_arrest(case)
        _audit(case, actor, "case.entry_deleted", entry=pk)


def link_add(
    *,
    case: Case,
    actor,
    kind: str,
    title: str = "",
    url: str = "",
    statement=None,
    call_to_action: str = "",
) -> CaseLink:
    if statement is None and not (title and url):
        raise ValidationError({"url": _("Give a title and an address, or choose a statement.")})
    if statement is not None:
        kind = LinkKind.STATEMENT
    refuse_identifying(
        case,
        title=title,
        url=url,
        call_to_action=call_to_action,
        statement=str(statement or ""),
    )
    with transaction.atomic():
        link = CaseLink.objects.create(
            case=case,
            kind=kind,
            title=title,
            url=url,
            statement=statement,
            call_to_action=call_to_action,
        )
        _audit(case, actor, "case.link_added", kind=link.get_kind_display())
    return link


def link_remove(*, link: CaseLink, actor) -> None:
    with transaction.atomic():
        link.delete()
        _audit(link.case, actor, "case.link_removed", kind=link.get_kind_display())


# --- Followers: double opt-in by signed link; the address is stored encrypted.


def follow_request(*, case: Case, email: str, language: str = "") -> Follower:
    """Ask `email` to confirm following `case`; silent when it already follows it.

    The page answers the same either way, and the same work is done either way (a task is
    queued; it finds nothing to send to a confirmed follower), so neither the answer nor its
    timing tells who follows a case.
    """
    from caucus.solidarity.tasks import send_follow_confirmation

    index = email_index(email)
    with transaction.atomic():
        follower = Follower.objects.select_for_update().filter(case=case, email_index=index).first()
        if follower is None:
            follower = Follower.objects.create(
                case=case,
                email=email.strip(),
                email_index=index,
                language=language,
            )
        elif follower.state != FollowerState.CONFIRMED:
            follower.state, follower.language = FollowerState.PENDING, language
            follower.unsubscribed_at = None
            follower.save(update_fields=["state", "language", "unsubscribed_at"])
        transaction.on_commit(lambda: send_follow_confirmation.enqueue(follower.pk))
    return follower


def follow_confirm(*, follower: Follower) -> bool:
    """Confirm once (a conditional update); False when it was not pending any more."""
    changed = Follower.objects.filter(pk=follower.pk, state=FollowerState.PENDING).update(
        state=FollowerState.CONFIRMED, confirmed_at=timezone.now()
    )
    follower.refresh_from_db()
    return changed == 1


def follow_unsubscribe(*, follower: Follower) -> None:
    Follower.objects.filter(pk=follower.pk).exclude(state=FollowerState.UNSUBSCRIBED).update(
        state=FollowerState.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    follower.refresh_from_db()
