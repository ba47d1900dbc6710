#pragma once

// XDeath: the AMQP 0-9-1 form of a message's dead-letter history, as
// RabbitMQ's clients read it: the x-death array (one table per (queue,
// reason), newest first: count long, reason/queue/exchange longstr, time
// timestamp, routing-keys array of longstr, original-expiration longstr when
// set), x-first-death-reason/-queue/-exchange and x-last-death-reason/-queue/
// -exchange (longstr). Every place that shows a message the way an AMQP client
// sees it (deliver, get, return, the HTTP API's RabbitMQ-compatible views)
// renders through here; the engine and everything else read the typed
// DeathHistory.
//
// The other way, a publisher may send these headers itself (a retry handler
// republishing a dead letter): takeHistory() moves them out of the headers
// into a typed history, so the history continues when the message dies again
// (as RabbitMQ up to 3.13 and Depot before typed records did). What the typed
// records cannot reproduce exactly (other field types, unknown reasons, extra
// fields) is kept verbatim in DeathHistory::asPublished and rendered as sent
// until the next death.

#include "broker/engine/Message.h"

#include <QStringList>
#include <QVariantMap>

namespace depot::amqp::xdeath {

// The header names that carry a history.
const QStringList &headerNames();

// The history as header fields (nothing for an empty history).
QVariantMap render(const DeathHistory &history);

// `content`'s headers as a client receives them: the content's own headers
// without any history field, plus render(content.deaths). Absent headers stay
// absent when there is nothing to render.
std::optional<QVariantMap> renderedHeaders(const MessageContent &content);
MessageProperties renderedProperties(const MessageContent &content);

// Moves every history field out of `headers` into the returned typed
// history; returns an empty history (and leaves `headers` alone) when there
// are none.
DeathHistory takeHistory(QVariantMap &headers);
DeathHistory takeHistory(MessageProperties &properties);

// True when a and b hold the same values of the same types, nested lists and
// tables included (QVariant's own == compares numbers across types).
bool sameFieldValue(const QVariant &a, const QVariant &b);

} // namespace depot::amqp::xdeath
