"""The product's routes plus /bench/baseline/<name>/: the minimal cost of each page's content."""
from django.urls import path

from chengwu_cppcc.urls import urlpatterns as product_urlpatterns

from .baselines import baseline_view

urlpatterns = [path("bench/baseline/<str:name>/", baseline_view, name="bench-baseline"), *product_urlpatterns]
