#include "broker/log/StreamLogs.h"

#include "broker/log/LogEngine.h"
#include "broker/store/StoreCodec.h"

namespace depot::log {

const QString StreamLogs::ContentHeader = QStringLiteral("x-depot-amqp");

namespace {

// A read asks the log for this many bytes at least (it answers with whole
// batches, the first one always).
constexpr qint32 ReadBytes = 1024 * 1024;

TopicSettings topicSettings(const StreamSettings &s)
{
    TopicSettings t;
    t.partitions = 1;
    t.retentionMs = s.maxAgeMs;
    t.retentionBytes = s.maxLengthBytes;
    t.segmentBytes = s.maxSegmentBytes;
    // AMQP's own limit on a message's size applies before it gets here.
    t.maxMessageBytes = std::numeric_limits<qint32>::max();
    t.stream = true;
    return t;
}

} // namespace

StreamLogs::StreamLogs(LogEngine &logs, QObject *parent)
    : QObject(parent), m_logs(logs)
{
    connect(&m_logs, &LogEngine::appended, this, [this](const QString &topic, qint32) {
        if (onReadable && m_open.contains(topic))
            onReadable(topic);
    });
}

StreamLogs::~StreamLogs() = default;

Error StreamLogs::open(const QString &stream, const StreamSettings &settings)
{
    if (const std::optional<TopicInfo> existing = m_logs.topic(stream)) {
        if (!existing->settings.stream)
            return {ErrorKind::PreconditionFailed,
                    QStringLiteral("cannot declare stream queue '%1' in vhost '/': a Kafka topic of that name exists "
                                   "(a stream is the log of that name)")
                        .arg(stream)};
        m_open.insert(stream, settings);
        return {};
    }
    QString why;
    switch (m_logs.createTopic(stream, topicSettings(settings), &why)) {
    case ErrorCode::None:
        m_open.insert(stream, settings);
        return {};
    case ErrorCode::InvalidTopicException:
        return {ErrorKind::PreconditionFailed,
                QStringLiteral("cannot declare stream queue '%1' in vhost '/': a stream's name is its log's, a Kafka "
                               "topic name: %2")
                    .arg(stream, why)};
    default:
        return {ErrorKind::Internal, QStringLiteral("cannot create the log of stream '%1': %2").arg(stream, why)};
    }
}

void StreamLogs::remove(const QString &stream)
{
    if (!m_open.remove(stream))
        return;
    const std::optional<TopicInfo> info = m_logs.topic(stream);
    if (info && info->settings.stream)
        m_logs.deleteTopic(stream);
}

QByteArray StreamLogs::encode(const MessageContent &content, qint64 timestamp)
{
    kafka::Record record;
    record.timestamp = timestamp;
    record.value = content.body;
    MessageContent rest = content;
    rest.body.clear();
    record.headers.append(kafka::RecordHeader{ContentHeader, store::codec::encodeContent(rest)});
    return kafka::encodeBatch({record});
}

ContentPtr StreamLogs::decode(const kafka::Record &record)
{
    for (const kafka::RecordHeader &h : record.headers) {
        if (h.key != ContentHeader || !h.value)
            continue;
        if (ContentPtr rest = store::codec::decodeContent(*h.value)) {
            auto content = std::make_shared<MessageContent>(*rest);
            content->body = record.value.value_or(QByteArray());
            return content;
        }
    }
    // A Kafka producer's record: its value is the body, its key the routing key.
    auto content = std::make_shared<MessageContent>();
    content->body = record.value.value_or(QByteArray());
    content->routingKey = QString::fromUtf8(record.key.value_or(QByteArray()));
    return content;
}

Error StreamLogs::append(const QString &stream, const MessageContent &content, qint64 now)
{
    if (!m_logs.hasTopic(stream)) {
        // Deleted under the stream (through Kafka): made again, empty.
        const auto it = m_open.constFind(stream);
        if (it == m_open.constEnd())
            return {ErrorKind::NotFound, QStringLiteral("no stream '%1'").arg(stream)};
        if (const Error e = open(stream, *it))
            return e;
    }
    const QByteArray batch = encode(content, now);
    QList<kafka::BatchView> views;
    if (const std::optional<kafka::BatchError> bad = kafka::splitBatches(batch, &views))
        return {ErrorKind::Internal, QStringLiteral("stream '%1': the message does not encode as a record batch")
                                         .arg(stream)};
    const AppendResult result = m_logs.append(stream, 0, views, now);
    if (result.error != ErrorCode::None)
        return {ErrorKind::Internal,
                QStringLiteral("stream '%1' refused the message: %2").arg(stream, result.message)};
    return {};
}

StreamState StreamLogs::state(const QString &stream) const
{
    StreamState state;
    if (const std::optional<TopicInfo> info = m_logs.topic(stream); info && !info->partitions.isEmpty()) {
        const PartitionState &p = info->partitions.front();
        state.firstOffset = p.logStartOffset;
        state.nextOffset = p.highWatermark;
        state.bytes = quint64(std::max<qint64>(0, p.sizeBytes));
    }
    return state;
}

Result<QList<StreamRecord>> StreamLogs::read(const QString &stream, qint64 offset, int max) const
{
    Result<QList<StreamRecord>> out;
    const StreamState s = state(stream);
    offset = std::max(offset, s.firstOffset);
    if (offset >= s.nextOffset || max <= 0)
        return out;
    const ReadResult read = m_logs.read(stream, 0, offset, ReadBytes);
    if (read.error != ErrorCode::None) {
        out.error = {ErrorKind::Internal, QStringLiteral("the log of stream '%1' cannot be read (Kafka error %2)")
                                              .arg(stream)
                                              .arg(qint16(read.error))};
        return out;
    }
    QList<kafka::BatchView> batches;
    if (read.batches.isEmpty() || kafka::splitBatches(read.batches, &batches))
        return out;
    for (const kafka::BatchView &batch : std::as_const(batches)) {
        QList<kafka::Record> records;
        if (batch.header.control() || kafka::decodeRecords(batch, &records))
            continue;
        for (const kafka::Record &r : std::as_const(records)) {
            if (r.offset < offset || r.offset >= s.nextOffset)
                continue;
            out.value.append(StreamRecord{r.offset, r.timestamp, decode(r)});
            if (out.value.size() >= max)
                return out;
        }
    }
    return out;
}

qint64 StreamLogs::offsetAt(const QString &stream, qint64 timestamp) const
{
    const OffsetResult found = m_logs.offsetForTimestamp(stream, 0, timestamp);
    if (found.error != ErrorCode::None || found.offset < 0)
        return state(stream).nextOffset;
    return found.offset;
}

} // namespace depot::log
