"""Avatars and headers: a coalition's, organization's or campaign's logo is its actor's `icon`
and its header image the actor's `image` (Mastodon's docs, spec/activitypub, "Properties
used": icon is the profile avatar, image the profile header), and changing either sends the
followers an Update of the actor, as a rename does (issue 15)."""

from unittest import mock

from caucus.campaigns.tests.helpers import make_campaign
from caucus.federation import actors, client, delivery
from caucus.federation.tests.base import SITE, FederationTestCase
from caucus.federation.tests.test_delivery import DeliverySetup


class ActorImagesTestCase(FederationTestCase):
    def test_a_coalition_has_its_logo_as_icon_and_its_header_as_image(self):
        self.coalition.logo = "logos/united.png"
        self.coalition.header = "headers/united.webp"
        self.coalition.save()
        actor = self.get_ap("/c/united/").json()
        self.assertEqual(
            actor["icon"],
            {"type": "Image", "mediaType": "image/png", "url": f"{SITE}/media/logos/united.png"},
        )
        self.assertEqual(
            actor["image"],
            {
                "type": "Image",
                "mediaType": "image/webp",
                "url": f"{SITE}/media/headers/united.webp",
            },
        )

    def test_an_organization_has_both(self):
        self.alpha.logo = "logos/alpha.jpg"
        self.alpha.header = "headers/alpha.jpg"
        self.alpha.save()
        actor = self.get_ap("/o/alpha/").json()
        self.assertEqual(actor["icon"]["mediaType"], "image/jpeg")
        self.assertEqual(actor["image"]["url"], f"{SITE}/media/headers/alpha.jpg")

    def test_a_campaign_has_its_header_and_no_icon(self):
        campaign = make_campaign(self.coalition)
        campaign.header = "headers/spring.png"
        campaign.save()
        actor = self.get_ap(campaign.get_absolute_url()).json()
        self.assertEqual(actor["image"]["url"], f"{SITE}/media/headers/spring.png")
        self.assertNotIn("icon", actor)

    def test_without_images_there_is_neither_property(self):
        actor = self.get_ap("/c/united/").json()
        self.assertNotIn("icon", actor)
        self.assertNotIn("image", actor)

    def test_a_file_mastodon_does_not_read_is_left_out(self):
        self.coalition.logo = "logos/united.svg"  # stored by hand: never through the forms
        self.coalition.save()
        self.assertNotIn("icon", self.get_ap("/c/united/").json())


class ImageChangesTestCase(DeliverySetup):
    def sent_after(self, change) -> list:
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            change()
            self.run_commit(self.coalition.save)
        return [call.args[0] for call in post.call_args_list]

    def test_a_new_header_is_an_update_of_the_actor(self):
        sent = self.sent_after(lambda: setattr(self.coalition, "header", "headers/new.png"))
        self.assertEqual({a.type for a in sent}, {"Update"})
        self.assertEqual(sent[0].payload["object"]["image"]["url"], f"{SITE}/media/headers/new.png")
        self.assertEqual(len(sent), 2)  # one per server (a.example shares an inbox)

    def test_a_new_logo_and_its_removal_are_updates(self):
        sent = self.sent_after(lambda: setattr(self.coalition, "logo", "logos/new.png"))
        self.assertEqual(sent[0].payload["object"]["icon"]["url"], f"{SITE}/media/logos/new.png")
        sent = self.sent_after(lambda: setattr(self.coalition, "logo", ""))
        self.assertEqual({a.type for a in sent}, {"Update"})
        self.assertNotIn("icon", sent[0].payload["object"])

    def test_saving_the_same_images_again_sends_nothing(self):
        self.sent_after(lambda: setattr(self.coalition, "header", "headers/new.png"))
        self.assertEqual(self.sent_after(lambda: None), [])

    def test_an_organizations_header_reaches_its_followers(self):
        ref = actors.Ref("organization", self.alpha)
        actor = actors.local_actor(ref)
        follower = self.actor.followers.first()
        actor.followers.create(remote=follower.remote, follow_id="fa", state="accepted")
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            self.alpha.header = "headers/alpha.png"
            self.run_commit(self.alpha.save)
        sent = [call.args[0] for call in post.call_args_list]
        self.assertEqual([a.type for a in sent], ["Update"])
        self.assertEqual(sent[0].payload["object"]["id"], actors.actor_id(ref))
        self.assertIn("image", sent[0].payload["object"])
