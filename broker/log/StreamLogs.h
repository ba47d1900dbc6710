#pragma once

// StreamLogs: the engine's StreamLog on the log engine. Each stream queue is
// a topic of the same name with one partition, marked as a stream
// (TopicSettings::stream); each message one record batch of one record:
// the body as its value, and the rest of the message (properties, headers,
// exchange, routing key) in one record header, "x-depot-amqp", in the
// store's own encoding, so a consumer gets it back exactly. Records
// without that header (a Kafka producer's) read as a message with the
// record's value as body. Readable once the store has committed them.

#include "broker/engine/StreamLog.h"
#include "broker/kafka/codec/RecordBatch.h"

#include <QObject>
#include <QSet>

namespace depot::log {

class LogEngine;

class StreamLogs final : public QObject, public StreamLog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamLogs)

public:
    explicit StreamLogs(LogEngine &logs, QObject *parent = nullptr);
    ~StreamLogs() override;

    Error open(const QString &stream, const StreamSettings &settings) override;
    void remove(const QString &stream) override;
    Error append(const QString &stream, const MessageContent &content, qint64 now) override;
    StreamState state(const QString &stream) const override;
    Result<QList<StreamRecord>> read(const QString &stream, qint64 offset, int max) const override;
    qint64 offsetAt(const QString &stream, qint64 timestamp) const override;

    // The record header holding the rest of a message.
    static const QString ContentHeader;
    // The stream's message as a record batch, and back.
    static QByteArray encode(const MessageContent &content, qint64 timestamp);
    static ContentPtr decode(const kafka::Record &record);

private:
    LogEngine &m_logs;
    QHash<QString, StreamSettings> m_open;   // opened streams: their settings, to create the log again
};

} // namespace depot::log
