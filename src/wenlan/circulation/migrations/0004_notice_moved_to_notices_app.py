from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("circulation", "0003_hold_pull_library_policy_renewal_base"),
        ("notices", "0002_circulation_notices_moved"),
    ]

    operations = [migrations.DeleteModel(name="Notice")]
