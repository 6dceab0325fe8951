"""The campaign map: a world outline (vendored Natural Earth 110m TopoJSON) drawn as SVG.

1. Decode the TopoJSON arcs once per process (delta-encoded, quantized integers).
2. Cut the rings that cross the antimeridian (Fiji, Russia, Antarctica) into pieces that
   each stay on one side, closed along the map's edge (and round the pole for a ring that
   encircles one): drawn whole, their ±180° jumps were lines across the whole map.
3. Project each piece with the equirectangular projection into a 360×180 box
   (x = longitude + 180, y = 90 − latitude) and keep the path strings.
4. Per request, only colour those paths from the campaign's PlaceCount rows (a choropleth
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


Point = tuple[float, float]


def _crosses(a: Point, b: Point) -> bool:
    return abs(b[0] - a[0]) > 180


def _edge_latitude(a: Point, b: Point) -> tuple[float, float]:
    """(the edge a is on, ±180, and the latitude where a→b meets it going the short way)."""
    edge = 180.0 if a[0] > 0 else -180.0
    b_lon = b[0] + 360 if a[0] > 0 else b[0] - 360
    t = (edge - a[0]) / (b_lon - a[0]) if b_lon != a[0] else 0.0
    return edge, a[1] + t * (b[1] - a[1])


def split_antimeridian(ring: list[Point]) -> list[list[Point]]:
    """`ring` cut where it jumps across ±180° into pieces that each end on the edge.

    The ring is rotated to start just after a crossing, so every piece runs from one edge
    crossing to the next. A ring that crosses an odd number of times goes round a pole:
    its piece is closed down the edge, along the pole and back up the other edge.
    """
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    n = len(points)
    crossings = [i for i in range(n) if _crosses(points[i], points[(i + 1) % n])]
    if not crossings:
        return [ring]
    first = crossings[0]
    points = points[first + 1 :] + points[: first + 1]
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for i, a in enumerate(points):
        current.append(a)
        b = points[(i + 1) % n]
        if _crosses(a, b):
            edge, latitude = _edge_latitude(a, b)
            current.append((edge, latitude))
            pieces.append(current)
            current = [(-edge, latitude)]
    # The last step was the first crossing: its far side starts the first piece.
    pieces[0].insert(0, current[0])
    if len(crossings) % 2:
        pole = -90.0 if sum(lat for _lon, lat in points) < 0 else 90.0
        end_edge, start_edge = pieces[0][-1][0], pieces[0][0][0]
        pieces[0].extend([(end_edge, pole), (start_edge, pole)])
    return pieces


def _path(rings: list[list[Point]]) -> str:
    parts = []
    for ring in rings:
        for piece in split_antimeridian(ring):
            coords = [project(lon, lat) for lon, lat in piece]
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
