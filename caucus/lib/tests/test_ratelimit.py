"""The one rate limiter: windows per key, the wait until the window ends, no address in clear."""

from unittest import mock

import time_machine
from django.core.cache import cache
from django.test import SimpleTestCase

from caucus.lib.ratelimit import Rate, address_key, slowdown, wait_message

NOW = 60 * 16_666_667 + 20  # 20 seconds into a 60-second window


class SlowdownTestCase(SimpleTestCase):
    def setUp(self):
        cache.clear()

    def at(self, seconds, *checks):
        with time_machine.travel(seconds, tick=False):
            return slowdown(*checks)

    def test_it_lets_the_limit_through_then_asks_to_wait_until_the_window_ends(self):
        rate = Rate("t", 3, 60)
        self.assertEqual([self.at(NOW, (rate, "k")) for _ in range(3)], [0, 0, 0])
        self.assertEqual(self.at(NOW, (rate, "k")), 40)
        self.assertEqual(self.at(NOW + 39, (rate, "k")), 1)
        self.assertEqual(self.at(NOW + 40, (rate, "k")), 0)  # a new window

    def test_keys_and_scopes_count_apart(self):
        one, other = Rate("a", 1, 60), Rate("b", 1, 60)
        self.assertEqual(self.at(NOW, (one, "k")), 0)
        self.assertEqual(self.at(NOW, (one, "other")), 0)
        self.assertEqual(self.at(NOW, (other, "k")), 0)
        self.assertGreater(self.at(NOW, (one, "k")), 0)

    def test_it_stops_counting_at_the_first_limit_passed(self):
        tight, loose = Rate("tight", 1, 60), Rate("loose", 2, 600)
        self.at(NOW, (tight, "k"), (loose, "k"))
        self.assertEqual(self.at(NOW, (tight, "k"), (loose, "k")), 40)
        self.assertEqual(self.at(NOW, (loose, "k")), 0)  # the refused attempt did not count

    def test_a_zero_limit_or_an_empty_key_counts_nothing(self):
        for _ in range(5):
            self.assertEqual(self.at(NOW, (Rate("off", 0, 60), "k"), (Rate("x", 1, 60), "")), 0)

    def test_an_address_never_reaches_the_cache_in_clear(self):
        key = address_key("Pat+news@Example.net")
        self.assertEqual(key, address_key("pat@example.net"))  # one mailbox, one budget
        self.assertNotIn("pat", key.lower())
        with mock.patch("caucus.lib.ratelimit.cache") as fake:
            fake.incr.return_value = 1
            self.at(NOW, (Rate("rsvp:a", 5, 60), key))
        stored = fake.add.call_args.args[0]
        self.assertNotIn("example", stored)
        self.assertIn(key, stored)

    def test_the_message_says_how_long(self):
        self.assertIn("in 1 second.", wait_message(1))
        self.assertIn("in 30 seconds.", wait_message(30))
