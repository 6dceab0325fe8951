"""Reading /metrics back the way Prometheus does."""

from prometheus_client.parser import text_string_to_metric_families

TOKEN = "scrape-token-for-tests-0123456789"


def families(text: str) -> dict:
    return {family.name: family for family in text_string_to_metric_families(text)}


def value(text: str, name: str, **labels: str) -> float:
    """The sample `name` with exactly these labels; 0 when the series does not exist yet."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return 0.0
