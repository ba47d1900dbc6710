#pragma once

// The life story of a message (docs/ARCHITECTURE.md, "Message history"): the
// events the engine records for each queued copy of a message, from its
// publish to the moment it is gone, each with a time and who did it. These
// are the value types the engine hands out (HTTP, the window); the engine's
// bookkeeping of them is HistoryBook.

#include "broker/engine/Message.h"

#include <QList>
#include <QString>

#include <vector>

namespace depot {

// Who did something to a message.
struct HistoryActor
{
    enum class Kind : quint8 {
        Broker, // Depot itself: TTL, limits, dead-lettering
        Connection, // a client connection (AMQP)
        Sqs, // an SQS request
        Http, // the HTTP API, as a user
        Window, // the window
    };
    Kind kind = Kind::Broker;
    QString name; // connection: the client's connection name; http: the user
    QString address; // the peer ("127.0.0.1:53412"), when known
    QString user; // the authenticated user, when known
    QString protocol; // "AMQP 0-9-1", "SQS", "HTTP"

    bool operator==(const HistoryActor &) const = default;
};

enum class HistoryEventKind : quint8 {
    Published, // where: the exchange (SQS: ""), detail: the routing key (SQS: the queue)
    Routed, // detail: the queues it went to, comma-separated
    Unroutable, // where: the exchange, detail: the routing key; returned to a mandatory publisher: flag
    Delivered, // where: the queue, detail: the consumer tag ("" for a get or a receive), count
    Acked, // where: the queue
    Rejected, // where: the queue; flag: requeued
    Expired, // where: the queue
    DeadLettered, // where: from, detail: to (comma-separated), reason, link: its id there
    Moved, // where: from, detail: to, link: its id there
    Copied, // where: from, detail: to, link: the copy's id (the copy's story: link = the original's)
    Replayed, // as Moved, back to where it died
    Edited, // edited and resent: link = the new message (the new one's story: link = the old)
    Purged, // where: the queue
    Deleted, // where: the queue (the window's delete, the HTTP API's)
    Dropped, // where: the queue, reason: why (no dead-letter exchange, maxlen, ...)
    Restored, // where: the queue (the window's undo of a delete or purge)
};

struct HistoryEvent
{
    qint64 at = 0; // ms since the epoch
    HistoryEventKind kind = HistoryEventKind::Published;
    bool flag = false;
    quint32 actor = 0; // the book's actor number; 0 = the broker
    quint32 count = 0; // Delivered: the delivery count
    MessageId link = 0;
    QString where;
    QString detail;
    QString reason;

    bool operator==(const HistoryEvent &) const = default;
};

// One event as the engine hands it out: its actor spelled out.
struct HistoryEntry
{
    HistoryEvent event;
    HistoryActor actor;
};

// The story of one message: every id it had (a move, replay or dead letter
// gives it a new one), oldest first, its properties to find it by, and its
// events in order.
struct MessageStory
{
    QList<MessageId> ids;
    QString messageId; // properties.message_id
    QString correlationId;
    qint64 goneAt = 0; // ms since the epoch; 0 while it is in a queue
    QString queue; // where it is, or was last
    QList<HistoryEntry> events;
};

// What to look for (Engine::findHistory): any one of them; empty matches nothing.
struct HistoryQuery
{
    MessageId id = 0;
    QString messageId;
    QString correlationId;
    bool goneOnly = false;
    int limit = 100;
};

struct HistorySettings
{
    bool enabled = true;
    qint64 retentionMs = 24 * 3600 * 1000LL; // kept this long after the message is gone
    quint64 maxEvents = 500'000; // events of gone messages kept at most (the oldest go first)
};

QString historyEventName(HistoryEventKind kind);
QString historyActorKindName(HistoryActor::Kind kind);

} // namespace depot
