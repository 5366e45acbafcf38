from django_tasks import task

from wenlan.catalog.indexing import index_sync


@task()
def catalog_index_sync() -> int:
    """Bring this node's search index up to date with the outbox."""
    return index_sync()
