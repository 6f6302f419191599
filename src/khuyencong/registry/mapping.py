"""The village map, drawn as inline SVG: Web Mercator projection, optional raster tiles from a setting.

No third-party map library is used. With no `MAP_TILE_URL` (the default) the map is the points alone,
over a plain background; with it, the tiles covering the villages' bounds are placed as SVG images.
"""

import math

from django.conf import settings

WIDTH, HEIGHT, PAD, TILE = 800, 560, 30, 256
MAX_TILES = 48


def _world(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    size = TILE * 2**zoom
    lat = max(min(lat, 85.0), -85.0)
    x = (lon + 180.0) / 360.0 * size
    rad = math.radians(lat)
    y = (1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2 * size
    return x, y


def map_layout(villages, *, tile_url: str | None = None) -> dict:
    tile_url = settings.MAP_TILE_URL if tile_url is None else tile_url
    pts = [v for v in villages if v.latitude is not None and v.longitude is not None]
    layout = {"width": WIDTH, "height": HEIGHT, "points": [], "tiles": [], "missing": len(villages) - len(pts)}
    if not pts:
        return layout
    lats, lons = [float(v.latitude) for v in pts], [float(v.longitude) for v in pts]
    # Tiles exist only at whole zoom levels; without tiles the points fill the box (a fractional zoom).
    x0, y0 = _world(max(lats), min(lons), 0)
    x1, y1 = _world(min(lats), max(lons), 0)
    fit = min((WIDTH - 2 * PAD) / max(x1 - x0, 1e-9), (HEIGHT - 2 * PAD) / max(y1 - y0, 1e-9))
    zoom = min(max(math.log2(fit), 1.0), 16.0)
    if tile_url:
        zoom = math.floor(zoom)
    x0, y0 = _world(max(lats), min(lons), zoom)
    x1, y1 = _world(min(lats), max(lons), zoom)
    origin_x, origin_y = (x0 + x1) / 2 - WIDTH / 2, (y0 + y1) / 2 - HEIGHT / 2
    for v, lat, lon in zip(pts, lats, lons, strict=True):
        x, y = _world(lat, lon, zoom)
        layout["points"].append({"village": v, "x": round(x - origin_x, 1), "y": round(y - origin_y, 1)})
    if tile_url:
        n = 2**zoom
        for ty in range(int(origin_y // TILE), int((origin_y + HEIGHT) // TILE) + 1):
            for tx in range(int(origin_x // TILE), int((origin_x + WIDTH) // TILE) + 1):
                if 0 <= ty < n and len(layout["tiles"]) < MAX_TILES:
                    url = tile_url.replace("{z}", str(zoom)).replace("{x}", str(tx % n)).replace("{y}", str(ty))
                    layout["tiles"].append({"url": url, "x": round(tx * TILE - origin_x, 1),
                                            "y": round(ty * TILE - origin_y, 1)})
    layout["zoom"] = zoom
    return layout
