#pragma once

// StreamLog: where the engine keeps the messages of its stream queues
// (x-queue-type stream, docs/ARCHITECTURE.md "Streams over AMQP"). The
// engine routes to a stream like to any queue, and reads it for stream
// consumers from an offset; what holds the log is behind this interface, so
// the engine knows nothing of the log engine's record batches. The broker
// gives it log::StreamLogs, which keeps each stream as a one-partition
// topic of the log engine.

#include "broker/engine/Engine.h"

#include <functional>

namespace depot {

// A stream's retention, from its arguments.
struct StreamSettings
{
    qint64 maxAgeMs = -1;        // x-max-age; -1: kept for ever
    qint64 maxLengthBytes = -1;  // x-max-length-bytes; -1: no limit
    qint64 maxSegmentBytes = 0;  // x-stream-max-segment-size-bytes
};

// One message of a stream, at its offset.
struct StreamRecord
{
    qint64 offset = 0;
    qint64 timestamp = 0;   // ms since the epoch: when it was appended
    ContentPtr content;
};

// What a stream holds that consumers may read (committed, with a store).
struct StreamState
{
    qint64 firstOffset = 0;   // the oldest retention kept
    qint64 nextOffset = 0;    // one past the last readable record
    quint64 bytes = 0;
    quint64 messages() const { return quint64(std::max<qint64>(0, nextOffset - firstOffset)); }
};

class StreamLog
{
public:
    virtual ~StreamLog() = default;

    // Creates the stream's log, or takes the one kept from before (a
    // restart) with these settings. InvalidArgument/PreconditionFailed when
    // it cannot be (a name the log cannot take, a log of that name that is
    // something else).
    virtual Error open(const QString &stream, const StreamSettings &settings) = 0;
    virtual void remove(const QString &stream) = 0;
    // Appends one message; durable with the store sequence pending after
    // the call (the engine confirms its publisher at that commit).
    virtual Error append(const QString &stream, const MessageContent &content, qint64 now) = 0;
    virtual StreamState state(const QString &stream) const = 0;
    // Up to `max` records from `offset` on (below the first: from the
    // first), never past StreamState::nextOffset.
    virtual Result<QList<StreamRecord>> read(const QString &stream, qint64 offset, int max) const = 0;
    // The first offset appended at or after `timestamp` (ms), or
    // nextOffset when none was.
    virtual qint64 offsetAt(const QString &stream, qint64 timestamp) const = 0;

    // Set by the engine: called when a stream has new readable records.
    std::function<void(const QString &stream)> onReadable;
};

} // namespace depot
