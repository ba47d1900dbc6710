#include "broker/amqp/ImportPublish.h"

#include "broker/amqp/AmqpPublishOptions.h"

#include <QUuid>

namespace depot {

Result<PublishOptions> prepareImport(
    const Engine &engine, const QString &exchange, MessageContent &content, const ImportChoices &choices, qint64 nowSeconds)
{
    if (!choices.keepIds)
        content.properties.messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!choices.keepTimestamps)
        content.properties.timestamp = nowSeconds;
    Result<PublishOptions> options = amqpPublishOptions(engine, exchange, content.properties);
    if (!options.ok())
        return options;
    options.value.deaths = content.deaths;
    options.value.groupKey = content.groupKey;
    options.value.deduplicationId = content.deduplicationId;
    return options;
}

} // namespace depot
