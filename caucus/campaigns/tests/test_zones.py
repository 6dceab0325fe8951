"""Local wall-clock times across daylight-saving changes in the zones of the scenario."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from caucus.campaigns.zones import LocalTimeError, get_zone, to_utc


class ToUtcTestCase(SimpleTestCase):
    def test_it_refuses_santiago_spring_forward_gap_with_choices(self):
        # 2026-09-06: clocks go from 00:00 (−04) to 01:00 (−03); 00:30 never happens.
        with self.assertRaises(LocalTimeError) as caught:
            to_utc(datetime(2026, 9, 6, 0, 30), ZoneInfo("America/Santiago"))
        labels = [c.label for c in caught.exception.choices]
        self.assertEqual(labels, ["2026-09-05 23:30 (UTC−04:00)", "2026-09-06 01:30 (UTC−03:00)"])
        self.assertIn("does not exist", str(caught.exception))

    def test_it_refuses_santiago_fall_back_overlap_without_a_choice(self):
        # 2026-04-04: 23:00–24:00 happens twice (−03 then −04).
        zone = ZoneInfo("America/Santiago")
        with self.assertRaises(LocalTimeError) as caught:
            to_utc(datetime(2026, 4, 4, 23, 30), zone)
        self.assertIn("happens twice", str(caught.exception))
        first = to_utc(datetime(2026, 4, 4, 23, 30), zone, fold=0)
        second = to_utc(datetime(2026, 4, 4, 23, 30), zone, fold=1)
        self.assertEqual(first, datetime(2026, 4, 5, 2, 30, tzinfo=UTC))
        self.assertEqual(second, datetime(2026, 4, 5, 3, 30, tzinfo=UTC))

    def test_it_handles_baku_historical_dst(self):
        zone = ZoneInfo("Asia/Baku")
        with self.assertRaises(LocalTimeError):
            to_utc(datetime(2015, 3, 29, 4, 30), zone)
        with self.assertRaises(LocalTimeError):
            to_utc(datetime(2015, 10, 25, 4, 30), zone)
        # Since 2016 Baku stays at +04 all year.
        self.assertEqual(
            to_utc(datetime(2026, 3, 29, 4, 30), zone), datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
        )

    def test_it_handles_istanbul_before_and_after_permanent_summer_time(self):
        zone = ZoneInfo("Europe/Istanbul")
        with self.assertRaises(LocalTimeError):
            to_utc(datetime(2016, 3, 27, 3, 30), zone)
        with self.assertRaises(LocalTimeError):
            to_utc(datetime(2015, 11, 8, 3, 30), zone)
        self.assertEqual(
            to_utc(datetime(2026, 10, 25, 3, 30), zone), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        )

    def test_it_handles_lima_which_has_no_dst_now(self):
        zone = ZoneInfo("America/Lima")
        for month in (1, 4, 7, 9, 12):
            local = datetime(2026, month, 5, 12, 0)
            self.assertEqual(to_utc(local, zone), datetime(2026, month, 5, 17, 0, tzinfo=UTC))

    def test_it_knows_zones(self):
        self.assertIsNotNone(get_zone("Asia/Baku"))
        for bad in ("Mars/Olympus", "", "../etc/passwd", "UTC+3"):
            self.assertIsNone(get_zone(bad))
