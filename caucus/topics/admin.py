"""Operators keep the topic vocabulary here; its translations have their own pages
(/topics/<slug>/translations/), linked from each topic's page."""

from django.contrib import admin

from caucus.topics.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "language"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
