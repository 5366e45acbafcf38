"""An event's session is called an occurrence, so that "session" means Django's
session only. Tables and columns are renamed in place, so existing rows are
kept; the constraints and the index that name it are made again."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_event_and_exhibition_image_uploads'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='session',
            name='session_ends_after_start',
        ),
        migrations.RemoveConstraint(
            model_name='session',
            name='session_never_oversold',
        ),
        migrations.RemoveConstraint(
            model_name='registration',
            name='registration_one_active_per_reader_session',
        ),
        migrations.RemoveIndex(
            model_name='registration',
            name='events_regi_session_8d4115_idx',
        ),
        migrations.RenameModel(
            old_name='Session',
            new_name='Occurrence',
        ),
        migrations.RenameField(
            model_name='registration',
            old_name='session',
            new_name='occurrence',
        ),
        migrations.RenameField(
            model_name='event',
            old_name='max_sessions_per_reader',
            new_name='max_occurrences_per_reader',
        ),
        migrations.AlterField(
            model_name='occurrence',
            name='event',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='occurrences', to='events.event'),
        ),
        migrations.AddIndex(
            model_name='registration',
            index=models.Index(fields=['occurrence', 'status'], name='events_regi_occurre_8a4746_idx'),
        ),
        migrations.AddConstraint(
            model_name='occurrence',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='occurrence_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='occurrence',
            constraint=models.CheckConstraint(condition=models.Q(('confirmed_count__lte', models.F('capacity'))), name='occurrence_never_oversold'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['confirmed', 'waitlisted', 'attended', 'no_show'])), fields=('reader', 'occurrence'), name='registration_one_active_per_reader_occurrence'),
        ),
    ]
