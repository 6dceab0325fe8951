from django.urls import path

from caucus.ops.views import metrics

app_name = "ops"
urlpatterns = [path("metrics", metrics.metrics_view, name="metrics")]
