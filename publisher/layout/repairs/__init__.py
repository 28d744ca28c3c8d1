"""Layout defects: found in laid-out pages (detect.py), repaired in the print HTML (fixes.py)."""
