"""The directory: committees, groups, sectors, members, departments, people and their roles."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        # Every model is loaded by now: give the project's models the quick get_FOO_display.
        from chengwu_cppcc import choices, validation_messages

        choices.install()
        validation_messages.install()  # the product's own wording for Django's stock validation messages
