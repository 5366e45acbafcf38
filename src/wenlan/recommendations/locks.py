from wenlan.recommendations.models import Segment


def segment_lock(segment_id: int) -> Segment | None:
    return Segment.objects.select_for_update().filter(pk=segment_id).first()
