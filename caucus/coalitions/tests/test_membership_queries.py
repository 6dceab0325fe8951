"""The one spelling of "an active member organization": who counts as a member of a
coalition for acting in it (active), for being asked again (current), and whose coalitions a
person sees. Every other module asks these, so a mistake here opens or closes every door."""

from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, MemberStatus
from caucus.test import BaseTestCase, make_org


class MembershipQueriesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # alpha and gamma are active in "united"; beta invited, delta declined, epsilon left.
        cls.delta, cls.epsilon = make_org("delta", "GR"), make_org("epsilon", "PE")
        for org, status in [
            (cls.beta, MemberStatus.INVITED),
            (cls.delta, MemberStatus.DECLINED),
            (cls.epsilon, MemberStatus.LEFT),
        ]:
            CoalitionMembership.objects.create(
                coalition=cls.coalition, organization=org, status=status
            )
        cls.other = Coalition.objects.create(slug="other", name="Other")
        CoalitionMembership.objects.create(
            coalition=cls.other, organization=cls.beta, status=MemberStatus.ACTIVE
        )

    def slugs(self, rows) -> set[str]:
        return {row.organization.slug for row in rows}

    def test_only_active_members_may_act(self):
        united = self.coalition.memberships
        self.assertEqual(self.slugs(united.active()), {"alpha", "gamma"})
        self.assertEqual(set(self.coalition.active_organizations()), {self.alpha, self.gamma})
        for org, member in [(self.alpha, True), (self.beta, False), (self.epsilon, False)]:
            self.assertEqual(self.coalition.has_active_member(org), member, org.slug)
        self.assertFalse(self.coalition.has_active_member(None))

    def test_current_members_are_the_active_and_the_invited(self):
        current = self.coalition.memberships.current()
        self.assertEqual(self.slugs(current), {"alpha", "beta", "gamma"})

    def test_coalitions_with_an_active_member(self):
        self.assertEqual(list(Coalition.objects.with_active_member(self.beta)), [self.other])
        self.assertEqual(list(Coalition.objects.with_active_member(self.epsilon)), [])

    def test_a_persons_coalitions_through_any_role_or_as_coordinator(self):
        self.assertEqual(list(Coalition.objects.for_user(self.editor)), [self.coalition])
        # outsider is beta's admin: beta is only invited to "united", active in "other".
        self.assertEqual(list(Coalition.objects.for_user(self.outsider)), [self.other])
        Coordinator.objects.create(coalition=self.other, user=self.delegate)
        both = Coalition.objects.for_user(self.delegate)
        self.assertEqual(sorted(c.slug for c in both), ["other", "united"])  # once each

    def test_memberships_of_a_persons_organizations(self):
        rows = CoalitionMembership.objects.of_user(self.outsider)
        self.assertEqual(
            {(r.coalition.slug, r.status) for r in rows},
            {("united", MemberStatus.INVITED), ("other", MemberStatus.ACTIVE)},
        )
