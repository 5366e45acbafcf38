import factory

from wenlan.accounts.enums import Role
from wenlan.accounts.models import ApiKey, LoginFailure, StaffRole, User
from wenlan.core import clock

PASSWORD = "Correct-horse-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(StaffFactory)
    role = Role.VOLUNTEER_COORDINATOR


class ApiKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiKey

    name = "test key"
    prefix = factory.Sequence(lambda n: f"p{n:07d}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    user = factory.SubFactory(StaffFactory)
    scopes = factory.LazyFunction(list)
    created_at = factory.LazyFunction(clock.now)


class LoginFailureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoginFailure

    username = "someone"
    address = "203.0.113.7"
    at = factory.LazyFunction(clock.now)


def staff_with_role(role: Role, *, library=None, partner=None, **user_fields) -> User:
    user = StaffFactory(**user_fields)
    StaffRole.objects.create(user=user, role=role, library=library, partner=partner)
    if role == Role.NETWORK_ADMIN:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    return user
