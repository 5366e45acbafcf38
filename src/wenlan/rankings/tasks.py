"""The yearly rollups, rebuilt in the background after loans feeds change."""

from django_tasks import task

from wenlan.rankings.rollups import rollups_refresh


@task()
def loans_rollups_refresh() -> int:
    return rollups_refresh()
