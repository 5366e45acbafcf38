"""`wenlan events-mark-no-shows`: confirmed registrations of occurrences that have
ended without a check-in become no-shows (which feed the no-show rule). Run it
periodically, e.g. hourly; running it twice changes nothing more."""

import json

from django.core.management.base import BaseCommand

from wenlan.events.services.registrations import registrations_mark_no_shows


class Command(BaseCommand):
    help = "Mark confirmed registrations of ended occurrences without a check-in as no-shows."

    def handle(self, *args, **options):
        marked = registrations_mark_no_shows()
        self.stdout.write(json.dumps({"marked_no_show": marked}))
