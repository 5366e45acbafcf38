"""`wenlan reference-scan`: reminds each alliance partner, once, of the referrals
past their due time that it has not answered (hourly from cron). The last line is
one JSON object: the overdue referrals found and the reminders queued."""

import json

from django.core.management.base import BaseCommand

from wenlan.reference.selectors.staff import referral_ids_overdue_unreminded
from wenlan.reference.tasks import referral_reminder


class Command(BaseCommand):
    help = "Queue a reminder to the partner of each overdue, unanswered referral (once each)."

    def handle(self, *args, **options):
        overdue = referral_ids_overdue_unreminded()
        for referral_id in overdue:
            referral_reminder.enqueue(referral_id)
        self.stdout.write(json.dumps({"overdue": len(overdue), "reminders_queued": len(overdue)}))
