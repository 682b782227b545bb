"""API of statistics."""
urlpatterns = []
