# Online exhibitions and the maker space's resources and bookings moved to apps of
# their own (wenlan.exhibitions, wenlan.spaces), which create their tables afresh:
# no production data was kept in these tables, so none is carried over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_session_becomes_occurrence'),
    ]

    operations = [
        migrations.DeleteModel(name='Booking'),
        migrations.DeleteModel(name='Resource'),
        migrations.DeleteModel(name='ExhibitionImage'),
        migrations.DeleteModel(name='Exhibition'),
    ]
