from caucus.topics.translatable import TOPIC
from caucus.translations.views.translations import translation_urls

app_name = "topics"
urlpatterns = [*translation_urls("topics/<slug:slug>/", TOPIC)]
