import getpass

from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Role
from wenlan.accounts.selectors import role_library_id_by_code, role_partner_id_by_code
from wenlan.accounts.services import staff_create
from wenlan.core.errors import WenlanError


class Command(BaseCommand):
    help = (
        "Create a staff account with a role, "
        "e.g. createstaff alice --role branch_librarian --library XH"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--library", help="library code, for branch librarians and cataloguers")
        parser.add_argument("--partner", help="partner code, for event organisers")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="prompted for when not given")

    def handle(self, *args, username, role, library, partner, email, password, **options):
        role = Role(role)
        library_id = partner_id = None
        if role in LIBRARY_SCOPED_ROLES:
            if not library:
                raise CommandError("--library is required for this role")
            library_id = role_library_id_by_code(code=library)
            if library_id is None:
                raise CommandError(f"no library with code {library!r}")
        if role in PARTNER_SCOPED_ROLES:
            if not partner:
                raise CommandError("--partner is required for this role")
            partner_id = role_partner_id_by_code(code=partner)
            if partner_id is None:
                raise CommandError(f"no partner with code {partner!r}")
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the passwords differ")
        try:
            user = staff_create(
                username=username,
                password=password,
                email=email,
                roles=[(role, library_id, partner_id)],
            )
        except WenlanError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"created {user.username} ({role.label})")
