#pragma once

// CopyAsCommand: a message as a command or snippet that publishes it again,
// exactly: its exchange and routing key, every property, every header with
// its AMQP type, the body byte for byte (the window's "Copy as…").
//
//  - curl (Depot HTTP API): RabbitMQ's publish route
//    (POST /api/exchanges/{vhost}/{exchange}/publish), the body as text or,
//    when it is not valid UTF-8, with payload_encoding base64. That route reads
//    headers as plain JSON (a whole number is a 64-bit integer, a string is a
//    string), so when a header has a type plain JSON cannot say (an int32, a
//    byte array, a timestamp...) the command uses Depot's own import through
//    the exchange (POST /api/depot/exchanges/{vhost}/{exchange}/import) with a
//    one-message file in Depot's export format, which keeps every type.
//  - pika (Python): a script for python3-pika. pika sends a Python int as an
//    int32 (a 64-bit one as pika.compat.long), bytes as a byte array,
//    decimal.Decimal, datetime, dict, list and None; it has no way to send a
//    float, a double, an 8/16-bit or an unsigned integer.
//  - amqp-publish (rabbitmq-c's amqp-tools): it sets only the content type,
//    content encoding, reply-to, the delivery mode and text headers.
// What a tool cannot express is refused with the reason, never turned into a
// command that would publish something else.
//
// The dead-letter history is left out: it records what happened to the
// message in Depot, not what its publisher sent. A password other than
// guest's well-known one is read from $DEPOT_PASSWORD, so it is never put on
// the clipboard.
//
// Pure functions over a MessageContent, no widgets: unit tested, and run by
// the real clients in tests/integration.

#include "broker/engine/Message.h"

#include <QCoreApplication>
#include <QString>

namespace depot::ui {

// Where the command sends the message.
struct CopyTarget
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 amqpPort = 5672;
    quint16 httpPort = 15672;
    QString vhost = QStringLiteral("/");
    QString user = QStringLiteral("guest");
    QString password = QStringLiteral("guest");
    QString sourceQueue; // named in the import file's header
};

class CopyAsCommand final
{
    Q_DECLARE_TR_FUNCTIONS(depot::ui::CopyAsCommand)

public:
    enum class Format { Curl, Pika, AmqpPublish };
    static constexpr Format Formats[] = {Format::Curl, Format::Pika, Format::AmqpPublish};

    struct Outcome
    {
        QString text; // the command or snippet
        QString refusal; // why it cannot be done; empty when text is set
        bool ok() const { return refusal.isEmpty(); }
    };

    static Outcome generate(Format format, const MessageContent &message, const CopyTarget &target);
    // "curl (Depot HTTP API)", "pika (Python)", "amqp-publish".
    static QString formatName(Format format);
    static QString objectName(Format format); // copyAsCurl, copyAsPika, copyAsAmqpPublish

    // `s` as one word of a POSIX shell: bare when it has only safe
    // characters, else in single quotes (a quote as '\''). Any character
    // but NUL.
    static QString shellQuote(const QString &s);
    // A Python 3 literal, all ASCII: "..." for text, b"..." for bytes.
    static QString pythonString(const QString &s);
    static QString pythonBytes(const QByteArray &bytes);

private:
    static Outcome curl(const MessageContent &message, const CopyTarget &target);
    static Outcome pika(const MessageContent &message, const CopyTarget &target);
    static Outcome amqpPublish(const MessageContent &message, const CopyTarget &target);
};

} // namespace depot::ui
