"""Members take part online (委员履职): opinions on candidates, activities, 社情民意信息 and the 履职档案."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members' participation")
