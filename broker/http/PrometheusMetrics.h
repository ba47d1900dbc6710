#pragma once

// PrometheusMetrics: GET /metrics in Prometheus' text exposition format
// (version 0.0.4). Queue depths and consumers are read live from the engine;
// message totals come from the stats snapshot (at most a second old), which
// is what the window's charts show too.

#include <QByteArray>

namespace depot {
class Engine;
}

namespace depot::http {

QByteArray prometheusMetrics(const Engine &engine);

} // namespace depot::http
