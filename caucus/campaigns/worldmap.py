"""The campaign map: a world outline (vendored Natural Earth 110m TopoJSON) drawn as SVG.

1. Decode the TopoJSON arcs once per process (delta-encoded, quantized integers).
2. Project each country's rings with the equirectangular projection into a 360×180 box
   (x = longitude + 180, y = 90 − latitude) and keep the path strings.
3. Per request, only colour those paths from the campaign's PlaceCount rows (a choropleth
   in five classes) and add one circle per city: no event is read to draw the map.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from django.conf import settings

WORLD_FILE = Path(settings.BASE_DIR) / "static" / "campaigns" / "countries-110m.json"
WIDTH, HEIGHT = 360, 180


@dataclass(frozen=True)
class Shape:
    code: str  # ISO 3166 alpha-2, or "" for territories without one
    name: str
    path: str


def project(longitude: float, latitude: float) -> tuple[float, float]:
    return round(longitude + 180, 2), round(90 - latitude, 2)


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        coords = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in coords) + "Z")
    return "".join(parts)


def _alpha2(numeric: str | None) -> str:
    if not numeric:
        return ""
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_2 if country else ""


@cache
def world_shapes() -> tuple[Shape, ...]:
    topology = json.loads(WORLD_FILE.read_text())
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = (
            [geometry["arcs"]]
            if kind == "Polygon"
            else geometry["arcs"]
            if kind == "MultiPolygon"
            else []
        )
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        shapes.append(
            Shape(
                code=_alpha2(geometry.get("id")),
                name=geometry["properties"]["name"],
                path=_path(rings),
            )
        )
    return tuple(shapes)


def choropleth_class(count: int, maximum: int) -> str:
    """One of five classes on a logarithmic scale (a few countries usually dominate)."""
    if count <= 0 or maximum <= 0:
        return "c0"
    level = 1 + int(4 * math.log1p(count) / math.log1p(maximum) - 1e-9)
    return f"c{min(max(level, 1), 5)}"


def point_radius(count: int) -> float:
    return round(min(0.8 + math.sqrt(count) * 0.5, 4.0), 2)
