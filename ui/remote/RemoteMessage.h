#pragma once

// RemoteMessage: one message of a remote RabbitMQ as the window shows it,
// read either with the management API's get (a classic queue: the answer's
// JSON, `payload` with `payload_encoding` "string" or "base64", `properties`
// with `headers`, x-death included) or over AMQP (a stream, from an offset).
// Both become the same MessageView the MessageInspector shows for Depot's own
// messages: the x-death headers are taken into the typed DeathHistory, so
// the dead-letter timeline, JSON and hex views work unchanged.
//
// A remote message has no id the broker would recognise: a selection is
// kept as keys (routing key and body, hashed) with how many messages carry
// each, and a replay of "these" takes that many messages with each key.

#include "broker/engine/Engine.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace depot::ui::remote {

struct AmqpMessage;

struct RemoteMessage
{
    MessageView view;        // state.content always set
    bool redelivered = false;
    qint64 streamOffset = -1; // a stream's offset, else -1
    QString key;             // see keyOf()

    const MessageContent &content() const { return *view.state.content; }
    // Where a replay sends it back: the queue its x-death history names
    // first (x-first-death-queue, else the oldest record's queue); empty
    // when it never died.
    QString originQueue() const { return content().deaths.originalQueue(); }
};

// The key of a message with this routing key and body.
QString keyOf(const QString &routingKey, const QByteArray &body);

// Messages from the management API's POST /api/queues/{vhost}/{queue}/get
// answer; `error` says what was wrong with an answer Depot cannot read.
QList<RemoteMessage> messagesFromGetJson(const QJsonArray &answer, QString *error = nullptr);
// A message read over AMQP; `position` is its place in what was read.
RemoteMessage messageFromAmqp(const AmqpMessage &message, quint64 position);

// True when `filter` (case-insensitive text) is in the body, the routing
// key or the newest death's reason or queue; an empty filter matches all.
bool matchesFilter(const MessageContent &content, const QString &filter);

} // namespace depot::ui::remote
