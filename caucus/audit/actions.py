"""The actions the audit log records, each with a translatable sentence."""

from django.apps import apps
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from caucus.lib.bidi import isolated

# Each sentence is formatted with the entry's data; keys missing from the data show as "?".
ACTIONS = {
    "organization.created": _("Created the organization %(org)s"),
    "organization.updated": _("Edited the profile (%(fields)s)"),
    "invitation.created": _("Invited a person as %(role)s (invitation #%(invitation)s)"),
    "invitation.revoked": _("Revoked invitation #%(invitation)s"),
    "invitation.accepted": _("%(user)s accepted invitation #%(invitation)s and joined as %(role)s"),
    "member.role_changed": _("Changed the role of %(user)s from %(old_role)s to %(new_role)s"),
    "member.removed": _("Removed %(user)s (%(role)s)"),
    "body.created": _("Created the body %(body)s"),
    "coalition.created": _("Created the coalition %(name)s with %(org)s"),
    "coalition.updated": _("Edited the coalition's settings (%(fields)s)"),
    "coalition.visibility_changed": _("Changed the member list visibility to %(visibility)s"),
    "coalition.org_invited": _("Invited %(org)s to the coalition %(name)s"),
    "coalition.invitation_accepted": _("%(org)s accepted the invitation to %(name)s"),
    "coalition.invitation_declined": _("%(org)s declined the invitation to %(name)s"),
    "coalition.org_left": _("%(org)s left the coalition %(name)s"),
    "coalition.org_removed": _("Removed %(org)s from the coalition %(name)s"),
    "coalition.coordinator_added": _("Made %(user)s a coordinator"),
    "coalition.coordinator_removed": _("Removed %(user)s as coordinator"),
    "platform.updated": _("Saved version %(version)s of the platform"),
    # caucus/signatures
    "signature.org_signed": _("%(org)s signed version %(version)s of %(statement)s"),
    "signature.org_requested": _("%(org)s asked to co-sign %(statement)s (version %(version)s)"),
    "signature.org_reconfirmed": _(
        "%(org)s re-confirmed its signature of %(statement)s for version %(version)s "
        "(it had signed version %(old_version)s)"
    ),
    "signature.org_withdrawn": _("%(org)s withdrew its signature of %(statement)s"),
    "signature.org_approved": _("Approved %(org)s as a co-signatory of %(statement)s"),
    "signature.org_declined": _("Declined the request of %(org)s to co-sign %(statement)s"),
    "signature.reminder_sent": _("Reminded %(org)s to sign version %(version)s of %(statement)s"),
    "signature.invalidated": _(
        "Invalidated %(count)s signatures of %(statement)s made from %(start)s to %(end)s "
        "from %(criteria)s"
    ),
    "signature.contacts_exported": _("Exported the contacts of %(count)s signers of %(statement)s"),
    # caucus/webhooks
    "webhook.created": _("Registered a webhook to %(url)s for %(events)s"),
    "webhook.deleted": _("Deleted the webhook to %(url)s"),
    "campaign.created": _("Created the campaign %(campaign)s"),
    "campaign.updated": _("Edited the campaign %(campaign)s"),
    "event.created": _("Registered the event %(event)s"),
    "event.updated": _("Edited the event %(event)s (%(fields)s)"),
    "event.status_changed": _("Changed the status of the event %(event)s to %(status)s"),
    "event.reported": _("Reported on the event %(event)s"),
    "event.reviewed": _("Reviewed the host's event %(event)s: %(decision)s"),
    "event.host_contact_revealed": _("Read the contact email of the host of %(event)s"),
    "event.photo_removed": _("Removed a photo from the report on the event %(event)s"),
    "event.rsvps_exported": _("Exported the %(count)s RSVPs to the event %(event)s"),
    "campaign.rsvps_exported": _(
        "Exported the %(count)s RSVPs to the actions of the campaign %(campaign)s"
    ),
    "case.created": _("Opened the solidarity case %(case)s"),
    "case.updated": _("Edited the solidarity case %(case)s (%(fields)s)"),
    "case.entry_added": _("Added a timeline entry (%(kind)s, %(date)s) to the case %(case)s"),
    "case.entry_updated": _("Edited timeline entry #%(entry)s of the case %(case)s"),
    "case.entry_deleted": _("Deleted timeline entry #%(entry)s of the case %(case)s"),
    "case.link_added": _("Linked a %(kind)s to the case %(case)s"),
    "case.link_removed": _("Removed a linked %(kind)s from the case %(case)s"),
    "statement.created": _("Created the statement %(statement)s"),
    "statement.updated": _("Edited the details of statement %(statement)s (%(fields)s)"),
    "statement.version_saved": _("Saved version %(version)s of statement %(statement)s"),
    "statement.opened": _("Opened statement %(statement)s (version %(version)s) for signatures"),
    "statement.published": _("Published version %(version)s of statement %(statement)s"),
    "statement.scheduled": _(
        "Scheduled version %(version)s of statement %(statement)s for %(when)s"
    ),
    "statement.revised": _("Published the revised version %(version)s of statement %(statement)s"),
    "statement.went_public": _("Statement %(statement)s went public as scheduled"),
    "statement.withdrawn": _("Withdrew statement %(statement)s"),
    "statement.republished": _("%(org)s republished statement %(statement)s"),
    "amendment.proposed": _("Proposed amendment #%(amendment)s to statement %(statement)s"),
    "amendment.rebased": _(
        "Moved amendment #%(amendment)s to %(statement)s from version %(old)s to %(version)s"
    ),
    "amendment.accepted": _("Accepted amendment #%(amendment)s to statement %(statement)s"),
    "amendment.rejected": _("Rejected amendment #%(amendment)s to statement %(statement)s"),
    "translation.saved": _(
        "Saved the %(language)s translation of statement %(statement)s (version %(version)s)"
    ),
    # caucus/translations: every other translatable kind, and reviews and deletions of all
    "translation.content_saved": _("Saved the %(language)s translation of %(what)s %(name)s"),
    "translation.reviewed": _(
        "Marked the %(language)s translation of %(what)s %(name)s as reviewed"
    ),
    "translation.unreviewed": _(
        "Marked the %(language)s translation of %(what)s %(name)s as not reviewed"
    ),
    "translation.deleted": _("Deleted the %(language)s translation of %(what)s %(name)s"),
    # caucus/decisions
    "meeting.scheduled": _("Scheduled the meeting %(title)s (#%(meeting)s)"),
    "meeting.updated": _("Edited the meeting %(title)s (#%(meeting)s): %(fields)s"),
    "meeting.cancelled": _("Cancelled the meeting %(title)s (#%(meeting)s): %(reason)s"),
    "agenda.item_added": _(
        "Added item %(position)s to the agenda of meeting #%(meeting)s: %(title)s"
    ),
    "agenda.item_updated": _("Edited item %(position)s of the agenda of meeting #%(meeting)s"),
    "agenda.item_moved": _(
        "Moved the agenda item %(title)s of meeting #%(meeting)s from %(old)s to %(new)s"
    ),
    "agenda.item_removed": _("Removed the agenda item %(title)s from meeting #%(meeting)s"),
    "meeting.attendance_recorded": _("Recorded attendance at meeting #%(meeting)s"),
    "meeting.minutes_saved": _("Saved version %(version)s of the minutes of meeting #%(meeting)s"),
    "meeting.minutes_approved": _(
        "Approved version %(version)s of the minutes of meeting #%(meeting)s"
    ),
    "action.created": _("Added action #%(item)s to the action plan: %(text)s"),
    "action.status_changed": _("Changed action #%(item)s from %(old)s to %(new)s"),
    "motion.proposed": _("%(org)s proposed motion #%(motion)s"),
    "motion.updated": _("Edited motion #%(motion)s"),
    "vote.opened": _(
        "Opened vote #%(vote)s on %(motion)s; fingerprint %(fingerprint)s, ledger head %(head)s"
    ),
    "vote.closed": _("Closed vote #%(vote)s: %(outcome)s; ledger head %(head)s"),
    "vote.weights_set": _("Set the voting weights: %(weights)s"),
    "ballot_key.registered": _("Registered the ballot key %(key)s (%(label)s), to be approved"),
    "ballot_key.approved": _("Approved the ballot key %(key)s (%(label)s)"),
    "ballot_key.revoked": _("Revoked the ballot key %(key)s (%(label)s)"),
    "ledger_key.rotated": _("Rotated the ledger signing key from %(previous)s to %(key)s"),
    "ledger_key.adopted": _("Recorded the ledger signing key %(key)s without a rotation"),
}


# The kinds of content with translations, as the audit log names them (caucus/translations).
TRANSLATABLE_KINDS = {
    "statement": _("statement"),
    "campaign": _("campaign"),
    "case": _("solidarity case"),
    "topic": _("topic"),
    "coalition": _("coalition"),
    "organization": _("organization"),
}


# Data keys that hold an object's id, shown as the object's current public name: the log never
# keeps a name the object had before (a case renamed to initials when it became protected).
REFERENCES = {
    "case_id": ("case", "solidarity.Case", "public_display_name"),
    # a case's translation: its name goes where the translation sentences put %(name)s
    "translated_case_id": ("name", "solidarity.Case", "public_display_name"),
}


def _referenced(data: dict) -> dict[str, str]:
    shown = {}
    for key, (name, label, attribute) in REFERENCES.items():
        if key in data:
            found = apps.get_model(label).objects.filter(pk=data[key]).first()
            shown[name] = getattr(found, attribute) if found else gettext("(deleted)")
    return shown


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _labels(model: str, field: str) -> dict[str, str]:
    """A field's choices by code, read from the registry: audit sits below the apps whose
    actions it records and imports none of them."""
    choices = apps.get_model(model)._meta.get_field(field).choices or []
    return {str(value): str(label) for value, label in choices}


def _choice_labels() -> dict[str, dict[str, str]]:
    """Data keys stored as codes, shown in the reader's language (not the actor's)."""
    roles = _labels("organizations.Membership", "role")
    return {
        "role": roles,
        "old_role": roles,
        "new_role": roles,
        "visibility": _labels("coalitions.Coalition", "member_list"),
        "what": {key: str(label) for key, label in TRANSLATABLE_KINDS.items()},
    }


def _shown(data: dict, labels: dict[str, dict[str, str]]) -> dict:
    shown = {key: labels.get(key, {}).get(value, value) for key, value in data.items()}
    return shown | _referenced(data)


def describe(action: str, data: dict) -> str:
    """The entry's sentence as plain text (the API, the admin)."""
    sentence = ACTIONS.get(action)
    if sentence is None:
        return action
    return str(sentence) % _Missing(_shown(data, _choice_labels()))


def describe_html(action: str, data: dict) -> SafeString:
    """The entry's sentence for a page: escaped, each name or title in it isolated (<bdi>), so
    a Latin name keeps its order in an Arabic sentence (issue 14); numbers, and labels shown
    in the reader's language, stay as they are."""
    sentence = ACTIONS.get(action)
    if sentence is None:
        return conditional_escape(action)
    labels = _choice_labels()
    shown = _Missing(
        {
            key: conditional_escape(value) if key in labels else isolated(value)
            for key, value in _shown(data, labels).items()
        }
    )
    return mark_safe(str(conditional_escape(str(sentence))) % shown)  # noqa: S308 — escaped
