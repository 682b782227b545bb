"""Pages of this app."""
urlpatterns = []
