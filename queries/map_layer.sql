-- Province outlines simplified at build time (etl/geo.py): layer '63' (pre-2025 provinces) or '34'
-- (the provinces formed on 1 July 2025, dissolved along code_2025). One GeoJSON text.
SELECT geojson, feature_count, source FROM map_layers WHERE layer = $layer;
