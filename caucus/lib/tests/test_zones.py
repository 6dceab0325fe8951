"""Local wall-clock times across daylight-saving changes in the zones of the scenario."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from caucus.lib.zones import LocalTimeError, get_zone, to_utc, zone_choices


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


class DaylightSavingTestCase(SimpleTestCase):
    """Rome (last Sundays of March and October) and São Paulo's historical summer time."""

    def test_rome_spring_gap_names_the_jump_and_suggests_the_valid_time(self):
        with self.assertRaises(LocalTimeError) as caught:
            to_utc(datetime(2031, 3, 30, 2, 30), ZoneInfo("Europe/Rome"))
        message = str(caught.exception)
        self.assertIn("clocks jump forward from UTC+01:00 to UTC+02:00", message)
        self.assertIn("Did you mean 2031-03-30 03:30 (UTC+02:00)", message)

    def test_rome_autumn_overlap_needs_a_choice(self):
        zone = ZoneInfo("Europe/Rome")
        with self.assertRaises(LocalTimeError) as caught:
            to_utc(datetime(2031, 10, 26, 2, 30), zone)
        self.assertIn(
            "Choose the first (UTC+02:00) or the second (UTC+01:00)", str(caught.exception)
        )
        self.assertEqual(
            to_utc(datetime(2031, 10, 26, 2, 30), zone, fold=1),
            datetime(2031, 10, 26, 1, 30, tzinfo=UTC),
        )

    def test_sao_paulo_before_it_dropped_summer_time(self):
        zone = ZoneInfo("America/Sao_Paulo")
        with self.assertRaises(LocalTimeError):  # 2018-11-04 00:00 → 01:00
            to_utc(datetime(2018, 11, 4, 0, 30), zone)
        with self.assertRaises(LocalTimeError):  # 2019-02-17 00:00 → 2019-02-16 23:00
            to_utc(datetime(2019, 2, 16, 23, 30), zone)
        self.assertEqual(  # no summer time since 2019
            to_utc(datetime(2031, 11, 2, 0, 30), zone), datetime(2031, 11, 2, 3, 30, tzinfo=UTC)
        )

    def test_it_refuses_instants_that_cannot_be_shown_everywhere(self):
        for naive, zone in (
            (datetime(9999, 12, 31, 23, 0), "America/Santiago"),
            (datetime(1, 1, 1, 0, 30), "Asia/Tokyo"),
            (datetime(9999, 6, 1, 12, 0), "UTC"),
        ):
            with self.subTest(naive=naive, zone=zone), self.assertRaises(LocalTimeError) as caught:
                to_utc(naive, ZoneInfo(zone))
            self.assertIn("too far in the past or future", str(caught.exception))


class AnyTimeAnyZoneTestCase(SimpleTestCase):
    @settings(max_examples=300, deadline=None)
    @given(naive=st.datetimes(), zone=st.sampled_from([z for z, _label in zone_choices()]))
    def test_it_converts_exactly_or_refuses(self, naive: datetime, zone: str):
        tz = ZoneInfo(zone)
        try:
            instant = to_utc(naive, tz, fold=0)
        except LocalTimeError as exc:
            self.assertTrue(str(exc))
            return
        self.assertEqual(instant.tzinfo, UTC)
        local = instant.astimezone(tz)  # never overflows: the instant is in range
        self.assertEqual(local.replace(tzinfo=None, fold=0), naive.replace(fold=0))
