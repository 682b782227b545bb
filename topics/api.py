"""API of topic selection."""
urlpatterns = []
