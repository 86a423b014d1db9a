#!/usr/bin/python3
"""Independent areal weighting of the Oise 2024 QPVs with geopandas/shapely (GEOS) and PROJ.

Run with Debian's python3 (apt-get install python3-geopandas): /usr/bin/python3 scripts/crosscheck-areal.py CELLS.csv QPVS.geojson
Prints JSON on stdout: { code: { ind, men, pairs, fractions: { cell id: fraction } } } for every QN060* QPV.
Shares no code with the TypeScript implementation: cell squares are rebuilt from the INSEE ids,
perimeters are projected by PROJ (pyproj), intersections are computed by shapely's overlay.
"""
import json
import re
import sys

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

cells_path, qpvs_path = sys.argv[1], sys.argv[2]
cells = pd.read_csv(cells_path)
cells.columns = [c.lower() for c in cells.columns]
ids = cells["idcar_200m"].str.extract(r"^CRS(\d+)RES(\d+)mN(\d+)E(\d+)$").astype(int)
size = ids[1]
geoms = [box(x, y, x + s, y + s) for x, y, s in zip(ids[3], ids[2], size)]
grid = gpd.GeoDataFrame(cells[["idcar_200m", "ind", "men"]], geometry=geoms, crs="EPSG:3035")

qpvs = gpd.read_file(qpvs_path)
qpvs = qpvs[qpvs["code_qp"].str.startswith("QN060")].to_crs("EPSG:3035")

pieces = gpd.overlay(qpvs[["code_qp", "geometry"]], grid, how="intersection", keep_geom_type=True)
pieces["fraction"] = pieces.geometry.area / (200.0 * 200.0)

out = {}
for code, g in pieces.groupby("code_qp"):
    out[code] = {
        "ind": float((g["ind"] * g["fraction"]).sum()),
        "men": float((g["men"] * g["fraction"]).sum()),
        "pairs": int(len(g)),
        "fractions": {cid: float(f) for cid, f in zip(g["idcar_200m"], g["fraction"])},
    }
json.dump(out, sys.stdout)
