// Writes the seed corpora for Depot's fuzz targets from Depot's own encoders,
// so every seed is a well-formed input a real client could send:
//     fuzz_make_seeds tests/fuzz/corpus
// Seeds are small on purpose: libFuzzer mutates them into the rest.

#include "broker/amqp/codec/ContentHeader.h"
#include "broker/amqp/codec/FieldTable.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Methods.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

#include <cstdio>

using namespace depot;
using namespace depot::amqp;

namespace {

QString g_root;

void write(const char *target, const char *name, const QByteArray &bytes)
{
    const QString dir = g_root + QLatin1Char('/') + QLatin1StringView(target);
    QDir().mkpath(dir);
    QFile f(dir + QLatin1Char('/') + QLatin1StringView(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(f.fileName()));
        std::exit(1);
    }
}

QVariantMap clientProperties()
{
    return {
        {QStringLiteral("product"), QStringLiteral("pika")},
        {QStringLiteral("version"), QStringLiteral("1.3.2")},
        {QStringLiteral("capabilities"), QVariantMap{
            {QStringLiteral("publisher_confirms"), true},
            {QStringLiteral("basic.nack"), true},
            {QStringLiteral("consumer_cancel_notify"), true},
        }},
    };
}

QVariantMap queueArguments()
{
    return {
        {QStringLiteral("x-dead-letter-exchange"), QStringLiteral("dlx")},
        {QStringLiteral("x-max-length"), QVariant::fromValue(qint64(1000))},
        {QStringLiteral("x-message-ttl"), QVariant::fromValue(qint32(60000))},
        {QStringLiteral("x-overflow"), QStringLiteral("reject-publish")},
    };
}

// A table with one value of every field type.
QVariantMap everyType()
{
    return {
        {QStringLiteral("A"), QVariantList{QStringLiteral("a"), QVariant::fromValue(qint32(1))}},
        {QStringLiteral("B"), QVariant::fromValue(quint8(200))},
        {QStringLiteral("D"), QVariant::fromValue(Decimal{2, 12345})},
        {QStringLiteral("F"), QVariantMap{{QStringLiteral("k"), QStringLiteral("v")}}},
        {QStringLiteral("I"), QVariant::fromValue(qint32(-7))},
        {QStringLiteral("S"), QStringLiteral("gr\u00fc\u00df")},
        {QStringLiteral("T"), QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC)},
        {QStringLiteral("V"), QVariant()},
        {QStringLiteral("b"), QVariant::fromValue(qint8(-3))},
        {QStringLiteral("d"), QVariant::fromValue(2.5)},
        {QStringLiteral("f"), QVariant::fromValue(1.5f)},
        {QStringLiteral("i"), QVariant::fromValue(quint32(4000000000u))},
        {QStringLiteral("l"), QVariant::fromValue(qint64(-1))},
        {QStringLiteral("raw"), QVariant::fromValue(RawString{QByteArray("\xff\xfe", 2)})},
        {QStringLiteral("s"), QVariant::fromValue(qint16(-300))},
        {QStringLiteral("t"), true},
        {QStringLiteral("u"), QVariant::fromValue(quint16(65000))},
        {QStringLiteral("x"), QByteArray("\x00\x01", 2)},
    };
}

ContentHeader fullHeader()
{
    ContentHeader h;
    h.bodySize = 5;
    MessageProperties &p = h.properties;
    p.contentType = QStringLiteral("application/json");
    p.contentEncoding = QStringLiteral("utf-8");
    p.headers = QVariantMap{{QStringLiteral("x-death"), QVariantList{QVariantMap{
                                {QStringLiteral("count"), QVariant::fromValue(qint64(1))},
                                {QStringLiteral("queue"), QStringLiteral("orders")},
                                {QStringLiteral("reason"), QStringLiteral("rejected")}}}},
                            {QStringLiteral("trace"), QStringLiteral("abc")}};
    p.deliveryMode = 2;
    p.priority = 5;
    p.correlationId = QStringLiteral("c-1");
    p.replyTo = QStringLiteral("amq.rabbitmq.reply-to");
    p.expiration = QStringLiteral("60000");
    p.messageId = QStringLiteral("m-1");
    p.timestamp = 1700000000;
    p.type = QStringLiteral("order.created");
    p.userId = QStringLiteral("guest");
    p.appId = QStringLiteral("shop");
    p.clusterId = QStringLiteral("c");
    return h;
}

QByteArray frameSeed(quint8 selector, const QByteArray &stream)
{
    return QByteArray(1, char(selector)) + stream;
}

void amqpSeeds()
{
    ConnectionStartOk startOk;
    startOk.clientProperties = clientProperties();
    startOk.mechanism = QStringLiteral("PLAIN");
    startOk.response = QByteArray("\0guest\0guest", 12);
    startOk.locale = QStringLiteral("en_US");

    QueueDeclare declare;
    declare.queue = QStringLiteral("orders");
    declare.durable = true;
    declare.arguments = queueArguments();

    BasicPublish publish;
    publish.exchange = QStringLiteral("amq.direct");
    publish.routingKey = QStringLiteral("orders");
    publish.mandatory = true;

    ConnectionTuneOk tuneOk{2047, 131072, 60};
    ConnectionOpen open{QStringLiteral("/"), {}, false};
    BasicConsume consume;
    consume.queue = QStringLiteral("orders");
    consume.consumerTag = QStringLiteral("ctag");
    consume.arguments = {{QStringLiteral("x-priority"), QVariant::fromValue(qint32(3))}};
    BasicNack nack{42, true, false};

    // Methods: class id, method id, arguments.
    write("fuzz_amqp_methods", "connection-start-ok", encodeMethodPayload(startOk));
    write("fuzz_amqp_methods", "connection-tune-ok", encodeMethodPayload(tuneOk));
    write("fuzz_amqp_methods", "connection-open", encodeMethodPayload(open));
    write("fuzz_amqp_methods", "queue-declare-arguments", encodeMethodPayload(declare));
    write("fuzz_amqp_methods", "basic-publish", encodeMethodPayload(publish));
    write("fuzz_amqp_methods", "basic-consume", encodeMethodPayload(consume));
    write("fuzz_amqp_methods", "basic-nack", encodeMethodPayload(nack));

    // Content headers.
    write("fuzz_amqp_contentheader", "all-properties", encodeContentHeaderPayload(fullHeader()));
    ContentHeader persistent;
    persistent.bodySize = 11;
    persistent.properties.deliveryMode = 2;
    write("fuzz_amqp_contentheader", "delivery-mode", encodeContentHeaderPayload(persistent));

    // Field tables and values.
    write("fuzz_amqp_fieldtable", "every-type", encodeFieldTable(everyType()));
    write("fuzz_amqp_fieldtable", "client-properties", encodeFieldTable(clientProperties()));
    write("fuzz_amqp_fieldtable", "queue-arguments", encodeFieldTable(queueArguments()));
    QByteArray value;
    appendFieldValue(value, QVariantList{QVariantMap{{QStringLiteral("n"), QVariant::fromValue(qint64(1))}}, 1.5});
    write("fuzz_amqp_fieldtable", "array-value", value);

    // Frames: a selector octet for frame_max, then what a client sends.
    QByteArray hello = protocolHeader().toByteArray();
    appendMethodFrame(hello, 0, startOk);
    appendMethodFrame(hello, 0, tuneOk);
    appendMethodFrame(hello, 0, open);
    write("fuzz_amqp_frame", "protocol-header-start-ok", frameSeed(2, hello));
    QByteArray declareFrames;
    appendMethodFrame(declareFrames, 1, ChannelOpen{});
    appendMethodFrame(declareFrames, 1, declare);
    write("fuzz_amqp_frame", "queue-declare-arguments", frameSeed(1, declareFrames));
    QByteArray publishFrames;
    appendMethodFrame(publishFrames, 1, publish);
    ContentHeader small = fullHeader();
    small.bodySize = 13;
    appendContentHeaderFrame(publishFrames, 1, small);
    appendBodyFrames(publishFrames, 1, "hello, depot!", 0);
    appendHeartbeatFrame(publishFrames);
    write("fuzz_amqp_frame", "basic-publish-header-body", frameSeed(0, publishFrames));
    QByteArray split;
    appendBodyFrames(split, 1, "a body split over several frames", 12);
    write("fuzz_amqp_frame", "body-small-frame-max", frameSeed(3 | (3 << 2), split));
}

QByteArray request(const char *method, const char *path, const QByteArray &body = {})
{
    QByteArray r = QByteArray(method) + ' ' + path + " HTTP/1.1\r\n"
        "Host: 127.0.0.1:15672\r\n"
        "Authorization: Basic Z3Vlc3Q6Z3Vlc3Q=\r\n";
    if (!body.isEmpty())
        r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    return r + "\r\n" + body;
}

void httpSeeds()
{
    write("fuzz_http_api", "get-queues", request("GET", "/api/queues"));
    write("fuzz_http_api", "put-queue",
          request("PUT", "/api/queues/%2F/orders",
                  R"({"durable":true,"auto_delete":false,"arguments":{"x-max-length":10,"x-dead-letter-exchange":"dlx"}})"));
    write("fuzz_http_api", "post-publish",
          request("POST", "/api/exchanges/%2F/amq.default/publish",
                  R"({"routing_key":"orders","payload":"hello","payload_encoding":"string","properties":{"delivery_mode":2,"headers":{"a":1}}})"));
    write("fuzz_http_api", "post-definitions",
          request("POST", "/api/definitions",
                  R"({"queues":[{"name":"q1","vhost":"/","durable":true,"auto_delete":false,"arguments":{}}],)"
                  R"("exchanges":[{"name":"x1","vhost":"/","type":"topic","durable":true,"auto_delete":false,"internal":false,"arguments":{}}],)"
                  R"("bindings":[{"source":"x1","vhost":"/","destination":"q1","destination_type":"queue","routing_key":"a.#","arguments":{}}]})"));
    // Several requests on one connection: make a queue, fill it, look
    // inside, replay from it, and check the task.
    write("fuzz_http_api", "pipeline-browse-replay",
          request("PUT", "/api/queues/%2F/dead", R"({"durable":false})")
              + request("POST", "/api/exchanges/%2F/amq.default/publish",
                        R"({"routing_key":"dead","payload":"aGk=","payload_encoding":"base64","properties":{}})")
              + request("GET", "/api/depot/queues/%2F/dead/messages?filter=h&regex=true")
              + request("POST", "/api/depot/queues/%2F/dead/replay", R"({"target":"orders","filter":{"text":"h","regex":false}})")
              + request("GET", "/api/depot/tasks/1"));
    write("fuzz_http_api", "get-metrics", "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    write("fuzz_http_api", "post-get",
          request("POST", "/api/queues/%2F/orders/get", R"({"count":5,"ackmode":"ack_requeue_false","encoding":"auto"})"));
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_make_seeds <corpus dir>\n");
        return 2;
    }
    g_root = QString::fromLocal8Bit(argv[1]);
    amqpSeeds();
    httpSeeds();
    return 0;
}
