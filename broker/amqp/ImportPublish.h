#pragma once

// What a message read from an export file (docs/export-format.md) is put
// back with: its message id and timestamp kept or renewed, as the user
// chose, and its properties meaning what they mean on any AMQP publish
// (amqpPublishOptions: expiration is its TTL, priority its priority), with
// the typed dead-letter history and the SQS group and deduplication ids it
// brings. One place for the HTTP import and the window's, so both import a
// file the same way.

#include "broker/engine/Engine.h"

namespace depot {

struct ImportChoices
{
    bool keepIds = true; // false: a new message_id (a UUID)
    bool keepTimestamps = true; // false: timestamp = now
};

// Renews what `choices` say in `content` (now: seconds since the epoch) and
// answers the publish options for it through `exchange` (empty: straight
// into a queue), or the refusal of its properties.
Result<PublishOptions> prepareImport(
    const Engine &engine, const QString &exchange, MessageContent &content, const ImportChoices &choices, qint64 nowSeconds);

} // namespace depot
