"""API of this app."""
urlpatterns = []
