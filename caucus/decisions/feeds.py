"""The coalition's activity feed of ledger heads (Atom): posted at every opening, after every
ballot and at every closing.

Feed readers and mirrors keep what they fetched, so each head posted here is witnessed outside
the server: a ledger rewritten later no longer contains it (issue 6, point 10). Items name the
vote and its hashes only, never the motion's text or any organization's ballot.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from caucus.coalitions.models import Coalition
from caucus.coalitions.permissions import get_coalition_for_reader
from caucus.decisions.models import HeadEvent, HeadPost
from caucus.lib.urls import site_host

FEED_SIZE = 50


class LedgerHeadsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Coalition:
        coalition, _member = get_coalition_for_reader(request, slug)
        return coalition

    def title(self, obj: Coalition) -> str:
        return _("%(name)s: ledger heads of votes") % {"name": obj.name}

    def subtitle(self, obj: Coalition) -> str:
        return _(
            "The head hash of each vote's signed ledger, posted when voting opens, after every "
            "ballot and when it closes. Keep a copy: caucus_verify.py ledger.json --heads "
            "<this feed> proves that nothing was removed or rewritten since."
        )

    def link(self, obj: Coalition) -> str:
        return reverse("public:coalition", args=[obj.slug])

    def items(self, obj: Coalition):
        posts = HeadPost.objects.filter(vote__motion__coalition=obj)
        return posts.select_related("vote__motion__coalition").order_by("-posted_at", "-pk")[
            :FEED_SIZE
        ]

    def item_title(self, item: HeadPost) -> str:
        return _("Vote %(vote)s %(event)s: ledger head %(head)s") % {
            "vote": item.vote_id,
            "event": item.get_event_display(),
            "head": item.head_hash[:16],
        }

    def item_description(self, item: HeadPost) -> str:
        return _("Vote %(vote)s, height %(height)s, head %(head)s.") % {
            "vote": item.vote_id,
            "height": item.height,
            "head": item.head_hash,
        }

    def item_link(self, item: HeadPost) -> str:
        return reverse("decisions:verify", args=[item.vote.motion.coalition.slug, item.vote_id])

    def item_guid(self, item: HeadPost) -> str:
        host = site_host()
        # Heads posted after a ballot carry their height, which the offline verifier reads
        # from a saved copy of this feed (opening and closing keep their first GUIDs).
        height = f"{item.height}-" if item.event == HeadEvent.BALLOT else ""
        return f"tag:{host},2026:vote-{item.vote_id}-{item.event}-{height}{item.head_hash}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: HeadPost):
        return item.posted_at
