"""The demo data: two cases, one protected, and an upcoming hearing; loading twice is harmless."""

import io

from caucus.solidarity import demo
from caucus.solidarity.models import Case, upcoming_hearings
from caucus.test import BaseTestCase


class DemoTestCase(BaseTestCase):
    def test_it_loads_two_cases_once(self):
        for _ in range(2):
            demo.load(coalition=self.coalition, stdout=io.StringIO())
        self.assertEqual(Case.objects.count(), 2)
        protected = Case.objects.get(protected=True)
        self.assertEqual(protected.public_display_name, "E.K.")
        self.assertEqual(len(upcoming_hearings(self.coalition)), 1)
        page = self.client.get("/cases/ek/")
        self.assertNotContains(page, "Kaplanoğlu")
        self.assertNotContains(page, "Eskişehir")
