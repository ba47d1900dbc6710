#pragma once

// PrometheusMetrics: GET /metrics in Prometheus' text exposition format
// (version 0.0.4). Queue depths and consumers are read live from the engine;
// message totals come from the stats snapshot (at most a second old), which
// is what the window's charts show too. Kafka's partitions (log start, log
// end, size) and consumer groups (committed offset, lag per partition) are
// read live from KafkaAdmin.

#include <QByteArray>

namespace depot {
class Engine;
namespace kafka {
class KafkaAdmin;
}
}

namespace depot::http {

// `kafka` may be null: no Kafka families then.
QByteArray prometheusMetrics(const Engine &engine, const kafka::KafkaAdmin *kafka = nullptr);

} // namespace depot::http
