from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.enums import Perm
from wenlan.accounts.services import apikey_create
from wenlan.core.errors import WenlanError


class Command(BaseCommand):
    help = "Create an API key acting for a staff user; the key is printed once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True)
        parser.add_argument("--scope", action="append", default=[], choices=Perm.values)

    def handle(self, *args, username, name, scope, **options):
        user = get_user_model().objects.filter(username=username, is_staff=True).first()
        if user is None:
            raise CommandError(f"no staff user {username!r}")
        try:
            api_key, key = apikey_create(user=user, name=name, scopes=scope or [Perm.LIBRARY_VIEW])
        except WenlanError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(key)
