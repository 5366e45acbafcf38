from django.core.management.base import BaseCommand

from wenlan.circulation.services.holds import circulation_scan


class Command(BaseCommand):
    help = (
        "Expire uncollected holds (serving the next in line) and holds unfilled for "
        "WENLAN_CIRC_HOLD_WAIT_DAYS, put waiting holds on a library's pull list, and queue "
        "due-soon and overdue notices. Run it periodically (e.g. hourly from cron); safe "
        "to run twice."
    )

    def handle(self, *args, **options):
        report = circulation_scan()
        self.stdout.write(
            f"holds expired: {report.holds_expired}, "
            f"unfilled holds expired: {report.holds_unfilled_expired}, "
            f"pulls moved: {report.pulls_moved}, due soon: {report.due_soon}, "
            f"overdue: {report.overdue}, borrow counts changed: {report.borrow_counts_changed}"
        )
