import factory

from boards.models import Board


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    description = "A place to talk."
    icon = "💬"

    @factory.post_generation
    def moderators(self, create, extracted, **kwargs):
        if create and extracted:
            self.moderators.set(extracted)
