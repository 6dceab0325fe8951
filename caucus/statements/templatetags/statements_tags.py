"""Statement lists for other apps' public pages (home, organization, coalition), and which
actions the statement page offers a signed-in reader."""

from django import template

from caucus.statements.models import Statement

register = template.Library()

_RELATED = (
    "published_version",
    "author_organization",
    "author_body__organization",
    "author_coalition",
)


@register.inclusion_tag("statements/_statement_list.html")
def latest_statements(limit: int = 10):
    statements = Statement.objects.public().select_related(*_RELATED).order_by("-published_at")
    return {"statements": list(statements[:limit])}


@register.inclusion_tag("statements/_statement_list.html")
def organization_statements(organization, limit: int = 20):
    """Its own statements and those it republished, newest first."""
    own = list(
        Statement.objects.public()
        .filter(author_organization=organization)
        .select_related(*_RELATED)
        .order_by("-published_at")[:limit]
    )
    republished = list(
        organization.republications.filter(statement__in=Statement.objects.public())
        .select_related(*[f"statement__{name}" for name in _RELATED])
        .order_by("-created")[:limit]
    )
    for republication in republished:
        republication.statement.republication = republication
    items = own + [r.statement for r in republished]
    items.sort(
        key=lambda s: s.republication.created if hasattr(s, "republication") else s.published_at,
        reverse=True,
    )
    return {"statements": items[:limit], "organization": organization}


@register.inclusion_tag("statements/_statement_list.html")
def coalition_statements(coalition, limit: int = 20):
    statements = (
        Statement.objects.public()
        .filter(author_coalition=coalition)
        .select_related(*_RELATED)
        .order_by("-published_at")
    )
    return {"statements": list(statements[:limit]), "coalition": coalition}


@register.simple_tag
def reader_actions(statement, user) -> dict:
    """{"republish": …, "workspace": …}: links shown only to those the guards let through
    (statements.permissions), so no reader follows a link to a refusal."""
    from caucus.statements.permissions import may_open_workspace, may_republish

    return {
        "republish": may_republish(user, statement),
        "workspace": may_open_workspace(user, statement),
    }
