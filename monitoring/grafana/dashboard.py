#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes dashboards/earshot.json, the Grafana dashboard provisioned by docker compose.

Edit the panels here, then run `python3 monitoring/grafana/dashboard.py`. Panels sit on
Grafana's 24-column grid; every per-instance query honours the $instance variable.
Where the HTTP metric naming is not settled, a panel queries both namings (Vert.x's
vertx_http_server_* and Micrometer's http_server_requests_seconds_*): the absent one stays empty.
"""
import itertools
import json
from pathlib import Path

DATASOURCE = {"type": "prometheus", "uid": "earshot-prometheus"}
BY_INSTANCE = 'instance=~"$instance"'
OUT = Path(__file__).resolve().parent / "dashboards" / "earshot.json"

panels = []
panel_ids = itertools.count(1)


def panel(title, kind, targets, x, y, w, h, unit=None, description=None, stacked=False):
    """Adds a panel; targets are (PromQL, legend) pairs."""
    defaults = {"unit": unit} if unit else {}
    options = {}
    if kind == "timeseries":
        defaults["custom"] = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10,
                              "stacking": {"mode": "normal" if stacked else "none", "group": "A"}}
        options = {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                   "tooltip": {"mode": "multi", "sort": "desc"}}
    elif kind == "stat":
        options = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                   "colorMode": "value", "graphMode": "none", "textMode": "value_and_name"}
    entry = {"id": next(panel_ids), "type": kind, "title": title, "datasource": DATASOURCE,
             "gridPos": {"x": x, "y": y, "w": w, "h": h},
             "targets": [{"refId": chr(ord("A") + i), "datasource": DATASOURCE, "expr": expr,
                          "legendFormat": legend} for i, (expr, legend) in enumerate(targets)],
             "fieldConfig": {"defaults": defaults, "overrides": []}, "options": options}
    if description:
        entry["description"] = description
    panels.append(entry)


def quantile(q, bucket_metric, by="le"):
    return f"histogram_quantile({q}, sum by ({by}) (rate({bucket_metric}{{{BY_INSTANCE}}}[5m])))"


# Row 1: the state of the fleet at a glance.
panel("Instances up", "stat", [('count(up{job="earshot"} == 1)', "instances")], 0, 0, 4, 4,
      description="Earshot replicas Prometheus found through DNS and could scrape.")
panel("Active model version per instance", "stat",
      [(f"earshot_model_version{{{BY_INSTANCE}}}", "{{instance}} {{version}}")], 4, 0, 8, 4,
      description="All instances should show the same version within a second of an activation.")
panel("Model accuracy", "stat", [(f"max(earshot_model_accuracy{{{BY_INSTANCE}}})", "accuracy")],
      12, 0, 4, 4, unit="percentunit")
panel("Worker queue depth (total)", "stat",
      [(f"sum(earshot_worker_queue_depth{{{BY_INSTANCE}}})", "queued")], 16, 0, 4, 4)
panel("Rejections (503) / s", "stat",
      [(f"sum(rate(earshot_worker_rejections_total{{{BY_INSTANCE}}}[1m]))", "rejected/s")],
      20, 0, 4, 4, unit="reqps")

# Row 2: HTTP traffic.
panel("HTTP requests / s by status", "timeseries", [
    (f"sum by (code) (rate(vertx_http_server_requests_total{{{BY_INSTANCE}}}[1m]))", "{{code}}"),
    (f"sum by (status) (rate(http_server_requests_seconds_count{{{BY_INSTANCE}}}[1m]))", "{{status}}"),
], 0, 4, 12, 8, unit="reqps")
panel("HTTP latency p50 / p95 / p99", "timeseries", [
    (quantile(q, metric), f"p{round(q * 100)}")
    for metric in ("vertx_http_server_response_time_seconds_bucket", "http_server_requests_seconds_bucket")
    for q in (0.5, 0.95, 0.99)
], 12, 4, 12, 8, unit="s")

# Row 3: what the predictions say and where their time goes.
panel("Predictions / s by class", "timeseries",
      [(f"sum by (class) (rate(earshot_predictions_total{{{BY_INSTANCE}}}[1m]))", "{{class}}")],
      0, 12, 12, 8, unit="reqps", stacked=True)
panel("Prediction stages (decode, features, scoring)", "timeseries", [
    (quantile(0.95, "earshot_prediction_stage_seconds_bucket", by="le, stage"), "{{stage}} p95"),
    (f"sum by (stage) (rate(earshot_prediction_stage_seconds_sum{{{BY_INSTANCE}}}[5m]))"
     f" / sum by (stage) (rate(earshot_prediction_stage_seconds_count{{{BY_INSTANCE}}}[5m]))", "{{stage}} mean"),
], 12, 12, 12, 8, unit="s")

# Row 4: back-pressure.
panel("Worker queue depth by instance", "timeseries",
      [(f"earshot_worker_queue_depth{{{BY_INSTANCE}}}", "{{instance}}")], 0, 20, 12, 8)
panel("Worker rejections / s by instance", "timeseries",
      [(f"rate(earshot_worker_rejections_total{{{BY_INSTANCE}}}[1m])", "{{instance}}")],
      12, 20, 12, 8, unit="reqps")

# Row 5: training and models.
panel("Jobs by state", "timeseries", [("max by (state) (earshot_jobs)", "{{state}}")], 0, 28, 8, 8,
      description="Job counts come from the shared Redis, so every instance reports the same "
                  "numbers: max, not sum.")
panel("Training duration", "timeseries", [
    ("max(earshot_training_duration_seconds)", "last (gauge)"),
    ("max(earshot_training_duration_seconds_max)", "max (timer)"),
    ("sum(rate(earshot_training_duration_seconds_sum[15m]))"
     " / sum(rate(earshot_training_duration_seconds_count[15m]))", "mean over 15 min (timer)"),
], 8, 28, 8, 8, unit="s")
panel("Model version over time", "timeseries",
      [(f"earshot_model_version{{{BY_INSTANCE}}}", "{{instance}} {{version}}")], 16, 28, 8, 8)

dashboard = {
    "uid": "earshot-overview", "title": "Earshot", "tags": ["earshot"], "timezone": "utc",
    "schemaVersion": 39, "version": 1, "editable": False, "refresh": "10s",
    "time": {"from": "now-1h", "to": "now"},
    "templating": {"list": [{
        "name": "instance", "label": "Instance", "type": "query", "datasource": DATASOURCE,
        "query": {"query": 'label_values(up{job="earshot"}, instance)', "refId": "instances"},
        "definition": 'label_values(up{job="earshot"}, instance)',
        "refresh": 2, "multi": True, "includeAll": True, "allValue": ".*",
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]}}]},
    "annotations": {"list": []},
    "panels": panels,
}

if __name__ == "__main__":
    OUT.write_text(json.dumps(dashboard, indent=2) + "\n")
    print(f"wrote {OUT} ({len(panels)} panels)")
