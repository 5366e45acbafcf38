"""`wenlan demo`: loads the Hangzhou network, staff for every role, readers and
partner API keys, and writes var/demo-credentials.json. Idempotent: what exists
is left alone, so a second run changes nothing. Passwords and keys are derived
from this installation's secret key: stable here, different on every install."""

import hashlib
import hmac
import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.models import ApiKey
from wenlan.accounts.services import apikey_create, staff_create, staff_role_grant
from wenlan.analytics.services import analytics_export
from wenlan.demo import network as network_data
from wenlan.demo import people
from wenlan.demo.booklists import booklists_demo_load
from wenlan.demo.catalog import catalog_demo_load
from wenlan.demo.circulation import circulation_demo_load
from wenlan.demo.community import community_demo_load
from wenlan.demo.delivery import delivery_demo_load
from wenlan.demo.events import events_demo_load
from wenlan.demo.exhibitions import exhibitions_demo_load
from wenlan.demo.handon import handon_demo_load
from wenlan.demo.knowledge import knowledge_demo_load
from wenlan.demo.learning import learning_demo_load
from wenlan.demo.o2o import o2o_demo_load
from wenlan.demo.o2o_history import o2o_history_demo_load
from wenlan.demo.past_events import past_events_demo_load
from wenlan.demo.rankings import rankings_demo_load
from wenlan.demo.rankings_panel import rankings_panel_demo_load
from wenlan.demo.reading_year import reading_year_credentials, reading_year_demo_load
from wenlan.demo.recommendations import recommendations_demo_load
from wenlan.demo.reference import reference_demo_load
from wenlan.demo.robot import robot_demo_load
from wenlan.demo.spaces import spaces_demo_load
from wenlan.demo.suggestions import store_orders_demo_load, suggestions_demo_load
from wenlan.demo.thinktank import thinktank_demo_load
from wenlan.demo.volunteers import volunteers_demo_load
from wenlan.network.models import Library, Partner
from wenlan.network.services import (
    library_set_weekly_hours,
    library_upsert,
    opening_exception_set,
    partner_upsert,
)
from wenlan.patrons.models import Reader
from wenlan.patrons.services import reader_signup, reader_update


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-credentials.json"


def _derived(purpose: str, length: int = 12) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).hexdigest()
    return digest[:length]


def demo_password(name: str) -> str:
    # Mixed letters and digits, long enough for Django's validators.
    return f"Wl-{_derived('password:' + name, 10)}"


def _load_network() -> dict[str, Library]:
    partners: dict[str, Partner] = {}
    for entry in network_data.PARTNERS:
        entry = dict(entry)
        partners[entry["code"]] = partner_upsert(contacts=entry.pop("contacts", ()), **entry)
    libraries: dict[str, Library] = {}
    for entry in network_data.LIBRARIES:
        entry = dict(entry)
        hours = entry.pop("hours")
        parent = entry.pop("parent")
        partner = entry.pop("partner", None)
        library = library_upsert(
            parent=libraries[parent] if parent else None,
            partner=partners[partner] if partner else None,
            **entry,
        )
        library_set_weekly_hours(library=library, periods=hours)
        for day, closed, opens, closes, reason_zh, reason_en in network_data.HOLIDAYS:
            opening_exception_set(
                library=library,
                date=day,
                is_closed=closed,
                opens=opens,
                closes=closes,
                reason_zh=reason_zh,
                reason_en=reason_en,
            )
        libraries[library.code] = library
    return libraries


def _load_staff(libraries: dict[str, Library]) -> dict:
    User = get_user_model()
    staff = {}
    for username, role, library_code, partner_code in people.STAFF:
        password = demo_password(username)
        library_id = libraries[library_code].pk if library_code else None
        partner_id = Partner.objects.get(code=partner_code).pk if partner_code else None
        user = User.objects.filter(username=username).first()
        if user is None:
            user = staff_create(
                username=username,
                password=password,
                first_name=username,
                roles=[(role, library_id, partner_id)],
            )
        else:
            staff_role_grant(user=user, role=role, library_id=library_id, partner_id=partner_id)
        staff.setdefault(role.value, {"username": username, "password": password})
    return staff


def _load_readers() -> list[dict]:
    readers = []
    for card, name, phone, category, library_code, language in people.READERS:
        password = demo_password(card)
        reader = Reader.objects.filter(card_number=card).first()
        if reader is None:
            reader = reader_signup(
                card_number=card,
                password=password,
                name=name,
                phone=phone,
                home_library_id=Library.objects.get(code=library_code).pk,
                category=category,
                language=language,
                birth_year=people.BIRTH_YEARS.get(card),
            )
            reader_update(actor=reader.user, reader_id=reader.pk, keep_reading_history=True)
        readers.append({"card": card, "password": password, "library": library_code})
    return readers


def _demo_key(name: str) -> str:
    return f"wl_{_derived('keyprefix:' + name, 8)}_{_derived('key:' + name, 40)}"


def _load_partner_keys() -> list[dict]:
    User = get_user_model()
    keys = []
    for code in people.API_PARTNERS:
        partner = Partner.objects.get(code=code)
        username = f"partner-{code}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = staff_create(
                username=username,
                password=demo_password(username),
                first_name=partner.name_zh,
                roles=[(Role.EVENT_ORGANISER, None, partner.pk)],
            )
        key = _demo_key(code)
        if not ApiKey.objects.filter(prefix=key.split("_")[1]).exists():
            apikey_create(
                user=user,
                name=f"{partner.name_zh} API",
                scopes=[Perm.LIBRARY_VIEW, Perm.EVENT_MANAGE],
                key=key,
            )
        keys.append({"code": code, "api_key": key})
    return keys


def _exports_added(first, then) -> dict:
    """One summary of two exports in a row: the rows of both, the later export."""
    summary = then.summary()
    for name, figures in first.summary()["datasets"].items():
        added = summary["datasets"].setdefault(name, {"rows": 0, "files": 0, "partitions": 0})
        for key in ("rows", "files", "partitions"):
            added[key] += figures[key]
    summary["changed"] = first.changed or then.changed
    return summary


@transaction.atomic
def network_and_people_load() -> dict:
    """The network, its staff, the demo's readers and the partners' API keys, which
    every other part stands on; returns their credentials."""
    libraries = _load_network()
    return {
        "staff": _load_staff(libraries),
        "readers": _load_readers(),
        "partners": _load_partner_keys(),
    }


def calendar_demo_load() -> None:
    """The month of events, the bookable spaces and the reading clubs."""
    events_demo_load()
    spaces_demo_load()  # a machine's induction is an event of the calendar
    community_demo_load()


def demo_load() -> dict:
    """Load everything and write the credentials file; returns what it wrote."""
    credentials = network_and_people_load()
    # Sign-ups, lends and returns commit on their own (durable transactions, as
    # for a reader or a kiosk): they are not nested in a transaction of the loader.
    calendar_demo_load()
    catalog_demo_load()  # its own transactions, a batch of records at a time
    with transaction.atomic():
        exhibitions_demo_load()  # cards drawn from the catalog's records
    credentials.update(
        circulation_demo_load(readers=credentials["readers"], password_for=demo_password)
    )
    credentials.update(o2o_demo_load(password_for=demo_password, key_for=_demo_key))
    credentials.update(handon_demo_load())
    suggestions_demo_load()
    store_orders_demo_load()
    credentials.update(delivery_demo_load(password_for=demo_password))
    credentials.update(
        reference_demo_load(
            password_for=demo_password, key_for=_demo_key, staff=credentials["staff"]
        )
    )
    knowledge_demo_load()  # the articles in demo/knowledge/, and each library's page
    thinktank_demo_load()
    # A year of loans, returns, holds and transits for the insights dashboards.
    reading_year = reading_year_demo_load()
    credentials.update(reading_year_credentials())
    # Volunteers (readers with accounts, who also came to half a year of lectures).
    credentials.update(volunteers_demo_load(password_for=demo_password))
    past_events_demo_load()
    # Three months of 悦读 by the year's readers, for the dashboard's O2O figure.
    o2o_history_demo_load()
    # The demo's circulation log and past events as Parquet, for the analytics layer
    # (`wenlan analytics query ...`); nothing else writes meanwhile, so no settling.
    analytics = analytics_export(settle_seconds=0)
    # China Reading feeds (the network's own loans come from that export) and a ranking.
    credentials.update(rankings_demo_load(key_for=_demo_key, password_for=demo_password))
    # The expert panel: a published World Book Day list and an open round to try.
    credentials.update(rankings_panel_demo_load(password_for=demo_password))
    credentials.update(learning_demo_load())
    # After the export: lists for two readers who turned recommendations on, segments.
    credentials.update(recommendations_demo_load(readers=credentials["readers"]))
    # After the segments: a published list of the central library, sent to a segment.
    credentials.update(booklists_demo_load())
    robot_demo_load()  # last: it asks the knowledge base and the live data loaded above
    # What the steps after the export added (copies of a published list's books) joins
    # it, so that a second run finds nothing new and keeps the same export.
    analytics = _exports_added(analytics, analytics_export(settle_seconds=0))
    path = credentials_path()
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing.update(credentials)  # later parts add their own keys to the same file
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(existing, ensure_ascii=False, indent=2))
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    # The analytics summary is not a credential: returned for the summary line only.
    return {**existing, "analytics": analytics, "reading_year": reading_year}
