from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("circulation", "0001_initial"),
        ("notices", "0002_circulation_notices_moved"),
    ]

    operations = [migrations.DeleteModel(name="Notice")]
