from django.db import migrations


class Migration(migrations.Migration):
    """The circulation log's entries were "events", a word the events app uses
    for what readers sign up for."""

    dependencies = [
        ("circulation", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="CirculationEvent", new_name="CirculationLogEntry"),
    ]
