"""PLACEHOLDER — this file's content was lost; its author must re-create it.

At about 17:59 (machine time) on this day, the helper working on accounts (topic h_accounts)
created a new file at this path with its file tool without noticing that this untracked file
already existed, and overwrote it. The original held `ResilientRedisCache` (named by
caucus/settings.py in the REDIS_URL branch). No copy existed (it was never committed and no
bytecode was written). The helper's own class now lives in caucus/lib/dbcache.py.

Importing this module fails on purpose so that nothing runs with the missing backend silently.
"""

raise ImportError(
    "caucus/lib/cache.py was overwritten by mistake (see its docstring): "
    "its author must re-create ResilientRedisCache."
)
