from django.urls import path

from caucus.ops import views

app_name = "ops"
urlpatterns = [path("metrics", views.metrics_view, name="metrics")]
