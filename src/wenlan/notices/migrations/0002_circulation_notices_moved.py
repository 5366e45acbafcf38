"""Circulation's notices move into the notices app: each row is copied with the
values its text needs (title, due date, pickup library in each language, pickup
deadline), read from the loan or hold it pointed at."""

from django.db import migrations


def _loan_params(loan):
    if loan is None:
        return {}, "/me/loans/"
    return {"title": loan.record.title, "due": loan.due_on.isoformat()}, "/me/loans/"


def _hold_params(hold):
    if hold is None:
        return {}, "/me/holds/"
    library = hold.pickup_library
    return (
        {
            "title": hold.record.title,
            "library": {
                "zh-hans": library.name_zh or library.name_en,
                "en": library.name_en or library.name_zh,
            },
            "until": hold.expires_on.isoformat() if hold.expires_on else "",
        },
        "/me/holds/",
    )


def move(apps, schema_editor):
    Old = apps.get_model("circulation", "Notice")
    New = apps.get_model("notices", "Notice")
    rows = Old.objects.select_related(
        "loan__record", "hold__record", "hold__pickup_library"
    ).order_by("pk")
    batch = []
    for old in rows.iterator(chunk_size=1000):
        if old.kind in ("due_soon", "overdue"):
            params, link = _loan_params(old.loan)
        else:
            params, link = _hold_params(old.hold)
        batch.append(
            New(
                reader_id=old.reader_id,
                kind=old.kind,
                key=old.key,
                params=params,
                link=link,
                created_at=old.created_at,
                emailed_at=old.emailed_at,
                read_at=old.read_at,
            )
        )
        if len(batch) >= 1000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_notice"),
        ("circulation", "0001_initial"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
