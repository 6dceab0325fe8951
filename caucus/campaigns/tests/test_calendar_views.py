"""The calendar's views: a date picker, every action in the week view, date headings in the
list, and pages that keep the filters."""

from datetime import datetime

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import BaseTestCase


class CalendarViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        for n in range(5):
            make_event(cls.campaign, cls.alpha, start=datetime(2031, 3, 4, 10 + n), title=f"A{n}")
        # 23:30 in Istanbul on the 5th is the 6th in Baku.
        make_event(cls.campaign, cls.alpha, start=datetime(2031, 3, 5, 23, 30), title="Late")

    def get(self, **query):
        return self.client.get("/campaigns/spring/calendar/", query)

    def test_the_date_filter_is_a_date_picker(self):
        self.assertContains(self.get(), 'type="date" name="date"')

    def test_the_week_view_shows_every_action(self):
        response = self.get(view="week", week="2031-03-04")
        for n in range(5):
            self.assertContains(response, f"<bdi>A{n}</bdi>")
        self.assertNotContains(response, " more</a>")

    def test_the_month_view_still_shows_a_few_a_day(self):
        response = self.get(view="month", month="2031-03")
        self.assertContains(response, "2 more</a>")

    def test_the_list_has_date_headings_in_the_readers_zone(self):
        response = self.get(tz="Asia/Baku")
        self.assertContains(response, 'class="date-heading"', count=2)
        text = response.content.decode()
        late = text.index("<bdi>Late</bdi>")
        self.assertGreater(late, text.index('datetime="2031-03-06"'))
        self.assertNotIn('datetime="2031-03-05"', text)

    def test_pages_keep_the_filters(self):
        for n in range(55):
            make_event(self.campaign, self.alpha, start=datetime(2031, 3, 8, 9), title=f"B{n}")
        response = self.get(country="TR", kind="rally")
        self.assertContains(response, "country=TR&amp;kind=rally&amp;page=2")
