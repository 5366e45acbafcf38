"""`/api/exhibitions/...`: the published online exhibitions, for the mobile app."""

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from wenlan.exhibitions.models import Exhibition
from wenlan.exhibitions.schemas import ExhibitionOut
from wenlan.exhibitions.selectors import exhibition_get_public, exhibition_list_public

router = Router(tags=["exhibitions"])


def _exhibition_out(request: HttpRequest, exhibition: Exhibition) -> dict:
    return {
        "slug": exhibition.slug,
        "title_zh": exhibition.title_zh,
        "title_en": exhibition.title_en,
        "description_zh": exhibition.description_zh,
        "description_en": exhibition.description_en,
        "organiser": exhibition.organiser.code,
        "opens_on": exhibition.opens_on,
        "closes_on": exhibition.closes_on,
        "images": [
            {
                "position": image.position,
                "src": request.build_absolute_uri(image.image_src),
                "caption_zh": image.caption_zh,
                "caption_en": image.caption_en,
                "is_panorama": image.is_panorama,
            }
            for image in exhibition.images.all()
        ],
        "url": request.build_absolute_uri(
            reverse("exhibitions:exhibition_detail", args=[exhibition.slug])
        ),
    }


@router.get("", response=list[ExhibitionOut], auth=None, summary="The published exhibitions")
def exhibitions(request):
    return [_exhibition_out(request, e) for e in exhibition_list_public()]


@router.get(
    "/{slug}", response=ExhibitionOut, auth=None, summary="One exhibition, its images in order"
)
def exhibition(request, slug: str):
    return _exhibition_out(request, exhibition_get_public(slug=slug))
