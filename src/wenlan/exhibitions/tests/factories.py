import factory

from wenlan.exhibitions.models import Exhibition, ExhibitionImage
from wenlan.network.tests.factories import LibraryFactory


class ExhibitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibition

    slug = factory.Sequence(lambda n: f"exhibition-{n}")
    title_zh = factory.Sequence(lambda n: f"展览{n}")
    title_en = factory.Sequence(lambda n: f"Exhibition {n}")
    organiser_library = factory.SubFactory(LibraryFactory)
    is_published = True


class ExhibitionImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitionImage

    exhibition = factory.SubFactory(ExhibitionFactory)
    position = factory.Sequence(lambda n: n + 1)
    image_url = factory.Sequence(lambda n: f"https://images.example.org/{n}.jpg")
    caption_zh = factory.Sequence(lambda n: f"展品{n}")
    caption_en = factory.Sequence(lambda n: f"Item {n}")
