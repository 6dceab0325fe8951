"""Which migrations a database has applied, the schema they describe, and moving between them."""

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

Node = tuple[str, str]


def applied(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """{app label: [migration names]} as recorded in the database.

    Plain SQL rather than MigrationRecorder: the backup reads a SQLite copy through a private
    connection that the ORM does not know.
    """
    table = connection.ops.quote_name(MigrationRecorder.Migration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {table}")  # noqa: S608 — Django's own table
        rows = cursor.fetchall()
    by_app: dict[str, list[str]] = {}
    for app_label, name in rows:
        by_app.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(by_app.items())}


def loader() -> MigrationLoader:
    """The migrations on disk (no database needed)."""
    return MigrationLoader(None, ignore_no_migrations=True)


def _nodes(migrations: dict[str, list[str]]) -> set[Node]:
    return {(app, name) for app, names in migrations.items() for name in names}


def unknown(migrations: dict[str, list[str]]) -> list[str]:
    """Migrations in `migrations` that this code does not have (made by newer code)."""
    known = set(loader().graph.nodes)
    return sorted(f"{app}.{name}" for app, name in _nodes(migrations) - known)


def _leaves(on_disk: MigrationLoader, nodes: set[Node]) -> list[Node]:
    graph = on_disk.graph
    return sorted(
        node
        for node in nodes
        if not any(child.key in nodes for child in graph.node_map[node].children)
    )


def state_apps(migrations: dict[str, list[str]]):
    """The historical models of the schema those migrations produce."""
    on_disk = loader()
    return on_disk.project_state(_leaves(on_disk, _nodes(migrations))).apps


def migrate_to(connection: BaseDatabaseWrapper, migrations: dict[str, list[str]]) -> None:
    """Apply or unapply migrations until the database has exactly those of `migrations`."""
    executor = MigrationExecutor(connection)
    wanted = _nodes(migrations)
    targets: list[tuple[str, str | None]] = list(_leaves(executor.loader, wanted))
    for app in sorted(executor.loader.migrated_apps - {app for app, _ in wanted}):
        targets.append((app, None))
    plan = executor.migration_plan(targets)
    if plan:
        executor.migrate(targets, plan=plan)
