import factory
from django.contrib.auth.models import Group

from custody.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a role (group) and a scope: `UserFactory(role="duty_officer", facilities=[f])`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Олег"
    last_name = factory.Sequence(lambda n: f"Петренко{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, value, **kwargs):
        if value:
            self.groups.add(Group.objects.get(name=value))

    @factory.post_generation
    def facilities(self, create, value, **kwargs):
        if value:
            self.facilities.set(value)

    @factory.post_generation
    def regions(self, create, value, **kwargs):
        if value:
            self.regions.set(value)
