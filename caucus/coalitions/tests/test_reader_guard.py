"""get_coalition_for_reader, the one rule for reading a coalition: listed, or the reader is a
member. The page, the API and the ledger-heads feed all answer by it, so an unlisted
coalition is a 404 for strangers everywhere and readable by its members everywhere."""

from caucus.test import BaseTestCase

READS = [
    "/c/united/",
    "/api/v1/coalitions/united",
    "/c/united/ledger-heads/atom/",
]


class CoalitionReaderTestCase(BaseTestCase):
    def read_all(self, user=None, *, listed: bool) -> list[int]:
        self.coalition.is_public = listed
        self.coalition.save(update_fields=["is_public"])
        if user is not None:
            self.client.force_login(user)
        return [self.client.get(url).status_code for url in READS]

    def test_an_unlisted_coalition_is_not_found_by_strangers(self):
        self.assertEqual(self.read_all(listed=False), [404, 404, 404])
        self.assertEqual(self.read_all(self.outsider, listed=False), [404, 404, 404])

    def test_an_unlisted_coalition_is_read_by_its_members(self):
        for user in (self.delegate, self.gamma_admin, self.coordinator):
            with self.subTest(user=user.name):
                self.assertEqual(self.read_all(user, listed=False), [200, 200, 200])

    def test_a_listed_coalition_is_read_by_anyone(self):
        self.assertEqual(self.read_all(listed=True), [200, 200, 200])
