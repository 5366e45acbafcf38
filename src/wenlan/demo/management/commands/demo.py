import json

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wenlan.demo.loader import credentials_path, demo_load
from wenlan.network.selectors import library_count
from wenlan.patrons.selectors import reader_count


class Command(BaseCommand):
    help = "Load the Hangzhou demo network, staff, readers and partner keys (idempotent)."

    def handle(self, *args, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Migrating the database first (wenlan migrate)")
            call_command("migrate", interactive=False, verbosity=0)
        credentials = demo_load()
        admin = credentials["staff"]["network_admin"]
        self.stdout.write(f"Demo credentials: {credentials_path()}")
        self.stdout.write(
            f"Staff login: {admin['username']} / {admin['password']}"
            "  (staff desk at /staff/, records at /admin/)"
        )
        reader = credentials["readers"][0]
        self.stdout.write(f"Reader login: {reader['card']} / {reader['password']}")
        analytics = credentials["analytics"]
        self.stdout.write(
            f"Analytics export {analytics['export_id']} (wenlan analytics list): "
            + ", ".join(f"{name} +{d['rows']}" for name, d in analytics["datasets"].items())
        )
        summary = {
            "libraries": library_count(),
            "readers": reader_count(),
            "staff_roles": len(credentials["staff"]),
            "partners_with_keys": len(credentials["partners"]),
        }
        self.stdout.write(json.dumps(summary))
