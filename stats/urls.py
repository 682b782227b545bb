"""Pages of statistics."""
app_name = "stats"
urlpatterns = []
