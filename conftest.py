"""Fixtures shared by every app's tests."""

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def client() -> Client:
    return Client(REMOTE_ADDR="203.0.113.7")


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client
