// AmqpChannel over a real loopback socket: topology methods, publish and
// consume, confirms (also only after the store committed), returns, get,
// prefetch, transactions, channel-level faults, direct reply-to.

#include "RawAmqpClient.h"
#include "ServerFixture.h"

#include "broker/amqp/AmqpFault.h"

#include <QtTest>

using namespace depot;
using namespace depot::amqp;
using namespace depot::amqp::test;

namespace {

QueueDeclare declareQueue(const QString &name, bool durable = false, QVariantMap args = {})
{
    return QueueDeclare{0, name, false, durable, false, false, false, std::move(args)};
}

BasicConsume consume(const QString &queue, const QString &tag, bool noAck = false, QVariantMap args = {})
{
    return BasicConsume{0, queue, tag, false, noAck, false, false, std::move(args)};
}

} // namespace

class TestAmqpChannel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishConsumeAckRoundTrip()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, ExchangeDeclare{0, QStringLiteral("orders"), QStringLiteral("topic"), false, false, false, false, false, {}});
        QVERIFY(c.expect<ExchangeDeclareOk>());
        c.sendMethod(1, declareQueue(QStringLiteral("eu-orders")));
        const auto declared = c.expect<QueueDeclareOk>();
        QVERIFY(declared);
        QCOMPARE(declared->queue, QStringLiteral("eu-orders"));
        c.sendMethod(1, QueueBind{0, QStringLiteral("eu-orders"), QStringLiteral("orders"), QStringLiteral("eu.#"), false, {}});
        QVERIFY(c.expect<QueueBindOk>());

        MessageProperties props;
        props.contentType = QStringLiteral("application/json");
        props.headers = QVariantMap{{QStringLiteral("attempt"), 1}};
        props.correlationId = QStringLiteral("c-1");
        const QByteArray body(300000, 'b');   // three body frames each way
        c.publish(1, QStringLiteral("orders"), QStringLiteral("eu.de.berlin"), body, props);
        QTRY_COMPARE(f.engine->queue(QStringLiteral("eu-orders"))->ready, quint64(1));

        c.sendMethod(1, consume(QStringLiteral("eu-orders"), QStringLiteral("worker")));
        const auto ok = c.expect<BasicConsumeOk>();
        QVERIFY(ok);
        QCOMPARE(ok->consumerTag, QStringLiteral("worker"));
        const auto msg = c.nextMessage();
        QVERIFY(msg);
        const auto &deliver = std::get<BasicDeliver>(msg->method);
        QCOMPARE(deliver.consumerTag, QStringLiteral("worker"));
        QCOMPARE(deliver.deliveryTag, quint64(1));
        QCOMPARE(deliver.exchange, QStringLiteral("orders"));
        QCOMPARE(deliver.routingKey, QStringLiteral("eu.de.berlin"));
        QVERIFY(!deliver.redelivered);
        QCOMPARE(msg->body, body);
        QCOMPARE(msg->header.properties, props);
        QCOMPARE(f.engine->queue(QStringLiteral("eu-orders"))->unacked, quint64(1));

        c.sendMethod(1, BasicAck{1, false});
        QTRY_COMPARE(f.engine->queue(QStringLiteral("eu-orders"))->unacked, quint64(0));
        QCOMPARE(f.engine->queue(QStringLiteral("eu-orders"))->ready, quint64(0));

        c.sendMethod(1, BasicCancel{QStringLiteral("worker"), false});
        QCOMPARE(c.expect<BasicCancelOk>()->consumerTag, QStringLiteral("worker"));
        c.sendMethod(1, QueueDelete{0, QStringLiteral("eu-orders"), false, false, false});
        QVERIFY(c.expect<QueueDeleteOk>());
        c.sendMethod(1, ExchangeDelete{0, QStringLiteral("orders"), false, false});
        QVERIFY(c.expect<ExchangeDeleteOk>());
        c.sendMethod(1, ChannelClose{200, QStringLiteral("done"), 0, 0});
        QVERIFY(c.expect<ChannelCloseOk>());
    }

    void serverNamedQueueAndEmptyName()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, QueueDeclare{0, QString(), false, false, true, true, false, {}});
        const auto ok = c.expect<QueueDeclareOk>();
        QVERIFY(ok);
        QVERIFY(ok->queue.startsWith(QStringLiteral("amq.gen-")));
        // "" names the queue declared last on the channel.
        c.sendMethod(1, QueueBind{0, QString(), QStringLiteral("amq.fanout"), QString(), false, {}});
        QVERIFY(c.expect<QueueBindOk>());
        c.publish(1, QStringLiteral("amq.fanout"), QStringLiteral("any"), "x");
        c.sendMethod(1, BasicGet{0, QString(), true});
        const auto got = c.nextMessage();
        QVERIFY(got && std::holds_alternative<BasicGetOk>(got->method));
        QCOMPARE(got->body, QByteArray("x"));
    }

    void consumeOkPrecedesDeliveries()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        for (int i = 0; i < 3; ++i)
            c.publish(1, QString(), QStringLiteral("q"), QByteArray::number(i));
        QTRY_COMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(3));
        c.sendMethod(1, consume(QStringLiteral("q"), QString()));   // server-generated tag
        const auto ok = c.expect<BasicConsumeOk>();
        QVERIFY(ok);
        QVERIFY(ok->consumerTag.startsWith(QStringLiteral("amq.ctag-")));
        for (int i = 0; i < 3; ++i) {
            const auto m = c.nextMessage();
            QVERIFY(m);
            QCOMPARE(std::get<BasicDeliver>(m->method).consumerTag, ok->consumerTag);
            QCOMPARE(m->body, QByteArray::number(i));
        }
    }

    void confirmsCoalesce()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, ConfirmSelect{false});
        QVERIFY(c.expect<ConfirmSelectOk>());
        QByteArray burst;
        for (int i = 0; i < 5; ++i)
            burst += RawAmqpClient::publishFrames(1, QString(), QStringLiteral("q"), "m");
        c.sendRaw(burst);
        // Publishes that arrive together are confirmed together.
        quint64 confirmed = 0;
        int frames = 0;
        while (confirmed < 5) {
            const auto ack = c.expect<BasicAck>();
            QVERIFY(ack);
            QVERIFY(ack->deliveryTag > confirmed);
            QCOMPARE(ack->multiple, ack->deliveryTag - confirmed > 1);
            confirmed = ack->deliveryTag;
            ++frames;
        }
        QCOMPARE(confirmed, quint64(5));
        QVERIFY2(frames < 5, "confirms were not coalesced");
    }

    void nackWhenQueueRejects()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("small"), false,
                                     {{QStringLiteral("x-max-length"), 1},
                                      {QStringLiteral("x-overflow"), QStringLiteral("reject-publish")}}));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, ConfirmSelect{false});
        QVERIFY(c.expect<ConfirmSelectOk>());
        c.publish(1, QString(), QStringLiteral("small"), "1");
        QCOMPARE(c.expect<BasicAck>()->deliveryTag, quint64(1));
        c.publish(1, QString(), QStringLiteral("small"), "2");
        const auto nack = c.expect<BasicNack>();
        QVERIFY(nack);
        QCOMPARE(nack->deliveryTag, quint64(2));
        c.publish(1, QString(), QStringLiteral("nowhere"), "3");   // unroutable: still acked
        QCOMPARE(c.expect<BasicAck>()->deliveryTag, quint64(3));
    }

    void persistentConfirmedOnlyAfterCommit()
    {
        ServerFixture f({}, true);
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("durable"), true));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, ConfirmSelect{false});
        QVERIFY(c.expect<ConfirmSelectOk>());
        // Everything the declare wrote is committed before the first publish.
        QTRY_COMPARE(f.store->committedSequence(), f.store->pendingSequence());
        const quint64 before = f.store->committedSequence();
        MessageProperties persistent;
        persistent.deliveryMode = 2;
        for (int i = 0; i < 20; ++i) {
            c.publish(1, QString(), QStringLiteral("durable"), QByteArray(100, 'p'), persistent);
            quint64 confirmed = 0;
            while (confirmed < quint64(i + 1)) {
                const auto ack = c.expect<BasicAck>();
                QVERIFY(ack);
                confirmed = ack->deliveryTag;
                // The ack may only exist once the store committed the message:
                // nothing else writes here, so the hand-over that holds it is
                // the last one, and it must be committed, exactly (nothing
                // handed over and not committed, nothing buffered).
                QVERIFY(f.store->committedSequence() > before);
                QCOMPARE(f.store->committedSequence(), f.store->pendingSequence());
            }
        }
        QCOMPARE(f.engine->queue(QStringLiteral("durable"))->ready, quint64(20));
    }

    void mandatoryReturn()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        MessageProperties props;
        props.messageId = QStringLiteral("m-1");
        c.publish(1, QStringLiteral("amq.direct"), QStringLiteral("nobody"), "lost?", props, true);
        const auto ret = c.nextMessage();
        QVERIFY(ret);
        const auto &r = std::get<BasicReturn>(ret->method);
        QCOMPARE(r.replyCode, quint16(312));
        QCOMPARE(r.replyText, QStringLiteral("NO_ROUTE"));
        QCOMPARE(r.exchange, QStringLiteral("amq.direct"));
        QCOMPARE(r.routingKey, QStringLiteral("nobody"));
        QCOMPARE(ret->body, QByteArray("lost?"));
        QCOMPARE(ret->header.properties.messageId, props.messageId);
        // A BCC header is not returned either (RabbitMQ's return), CC and
        // the rest are.
        props.headers = QVariantMap{{QStringLiteral("BCC"), QVariantList{QStringLiteral("hidden")}},
            {QStringLiteral("CC"), QVariantList{QStringLiteral("shown")}}, {QStringLiteral("keep"), 1}};
        c.publish(1, QStringLiteral("amq.direct"), QStringLiteral("nobody"), "lost too", props, true);
        const auto bcc = c.nextMessage();
        QVERIFY(bcc);
        QCOMPARE(bcc->body, QByteArray("lost too"));
        QVERIFY(bcc->header.properties.headers);
        QCOMPARE(bcc->header.properties.headers->keys(), (QStringList{QStringLiteral("CC"), QStringLiteral("keep")}));
        // Not mandatory: dropped silently.
        c.publish(1, QStringLiteral("amq.direct"), QStringLiteral("nobody"), "gone");
        QVERIFY(c.quietFor(200));
    }

    void getAndGetEmpty()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, BasicGet{0, QStringLiteral("q"), false});
        QVERIFY(c.expect<BasicGetEmpty>());
        c.publish(1, QString(), QStringLiteral("q"), "one");
        c.publish(1, QString(), QStringLiteral("q"), "two");
        c.sendMethod(1, BasicGet{0, QStringLiteral("q"), false});
        const auto got = c.nextMessage();
        QVERIFY(got);
        const auto &ok = std::get<BasicGetOk>(got->method);
        QCOMPARE(ok.deliveryTag, quint64(1));
        QCOMPARE(ok.messageCount, quint32(1));
        QCOMPARE(ok.routingKey, QStringLiteral("q"));
        QCOMPARE(got->body, QByteArray("one"));
        // Reject with requeue: it comes back redelivered.
        c.sendMethod(1, BasicReject{1, true});
        c.sendMethod(1, BasicGet{0, QStringLiteral("q"), true});
        const auto again = c.nextMessage();
        QVERIFY(again);
        QVERIFY(std::get<BasicGetOk>(again->method).redelivered);
        QCOMPARE(again->body, QByteArray("one"));
    }

    void prefetchPerConsumer()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, BasicQos{0, 2, false});
        QVERIFY(c.expect<BasicQosOk>());
        c.sendMethod(1, consume(QStringLiteral("q"), QStringLiteral("a")));
        QVERIFY(c.expect<BasicConsumeOk>());
        for (int i = 0; i < 5; ++i)
            c.publish(1, QString(), QStringLiteral("q"), QByteArray::number(i));
        QVERIFY(c.nextMessage());
        QVERIFY(c.nextMessage());
        QVERIFY(c.quietFor(300));   // prefetch 2 reached
        c.sendMethod(1, BasicAck{1, false});
        const auto third = c.nextMessage();
        QVERIFY(third);
        QCOMPARE(std::get<BasicDeliver>(third->method).deliveryTag, quint64(3));
        QVERIFY(c.quietFor(200));
        c.sendMethod(1, BasicAck{3, true});   // acks 2 and 3
        QVERIFY(c.nextMessage());
        QVERIFY(c.nextMessage());
        QVERIFY(c.quietFor(200));
    }

    void prefetchPerChannel()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("a")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, declareQueue(QStringLiteral("b")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, BasicQos{0, 3, true});
        QVERIFY(c.expect<BasicQosOk>());
        c.sendMethod(1, consume(QStringLiteral("a"), QStringLiteral("ca")));
        QVERIFY(c.expect<BasicConsumeOk>());
        c.sendMethod(1, consume(QStringLiteral("b"), QStringLiteral("cb")));
        QVERIFY(c.expect<BasicConsumeOk>());
        for (int i = 0; i < 4; ++i) {
            c.publish(1, QString(), QStringLiteral("a"), "x");
            c.publish(1, QString(), QStringLiteral("b"), "y");
        }
        for (int i = 0; i < 3; ++i)
            QVERIFY(c.nextMessage());
        QVERIFY(c.quietFor(300));   // three for the whole channel
    }

    void channelFaultClosesOnlyThatChannel()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.openChannel(2));
        c.sendMethod(1, QueueDeclare{0, QStringLiteral("missing"), true, false, false, false, false, {}});
        const auto close = c.nextMethod();
        QVERIFY(close);
        QCOMPARE(close->first, quint16(1));
        const auto &cc = std::get<ChannelClose>(close->second);
        QCOMPARE(cc.replyCode, quint16(404));
        QCOMPARE(cc.replyText, QStringLiteral("NOT_FOUND - no queue 'missing' in vhost '/'"));
        QCOMPARE(cc.classId, quint16(50));
        QCOMPARE(cc.methodId, quint16(10));
        // Until close-ok, channel 1 ignores everything.
        c.sendMethod(1, declareQueue(QStringLiteral("ignored")));
        QVERIFY(c.quietFor(200));
        QVERIFY(!f.engine->queue(QStringLiteral("ignored")));
        // Channel 2 carries on.
        c.sendMethod(2, declareQueue(QStringLiteral("fine")));
        QCOMPARE(c.expect<QueueDeclareOk>()->queue, QStringLiteral("fine"));
        c.sendMethod(1, ChannelCloseOk{});
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("fine")));
        QVERIFY(c.expect<QueueDeclareOk>());
    }

    void channelFaultCodes_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<quint16>("code");
        QTest::addColumn<QString>("text");
        QTest::addRow("publish to missing exchange") << 0 << quint16(404) << "NOT_FOUND - no exchange 'nope' in vhost '/'";
        QTest::addRow("inequivalent redeclare") << 1 << quint16(406) << "";
        QTest::addRow("reserved name") << 2 << quint16(403) << "";
        QTest::addRow("exclusive queue of another connection") << 3 << quint16(405) << "";
        QTest::addRow("unknown delivery tag") << 4 << quint16(406) << "PRECONDITION_FAILED - unknown delivery tag 7";
        QTest::addRow("tx.commit without tx.select") << 5 << quint16(406) << "PRECONDITION_FAILED - channel is not transactional";
        QTest::addRow("confirm after tx") << 6 << quint16(406) << "PRECONDITION_FAILED - cannot switch from tx to confirm mode";
        QTest::addRow("message too large") << 7 << quint16(406) << "PRECONDITION_FAILED - message size 2000 is larger than configured max size 1000";
        QTest::addRow("reply-to without consumer") << 8 << quint16(406) << "PRECONDITION_FAILED - fast reply consumer does not exist";
        QTest::addRow("bad x-argument") << 9 << quint16(406) << "";
        QTest::addRow("user_id of someone else") << 10 << quint16(406)
                                                 << "PRECONDITION_FAILED - user_id property set to 'someone' but authenticated user was 'guest'";
    }
    void channelFaultCodes()
    {
        QFETCH(int, which);
        QFETCH(quint16, code);
        QFETCH(QString, text);
        AmqpServerOptions options;
        options.maxMessageSize = 1000;
        ServerFixture f(options);
        RawAmqpClient other(f.port());
        QVERIFY(other.handshake());
        QVERIFY(other.openChannel(1));
        other.sendMethod(1, QueueDeclare{0, QStringLiteral("mine"), false, false, true, false, false, {}});
        QVERIFY(other.expect<QueueDeclareOk>());

        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        switch (which) {
        case 0: c.publish(1, QStringLiteral("nope"), QStringLiteral("k"), "x"); break;
        case 1: c.sendMethod(1, declareQueue(QStringLiteral("q"), true)); break;
        case 2: c.sendMethod(1, declareQueue(QStringLiteral("amq.mine"))); break;
        case 3: c.sendMethod(1, BasicConsume{0, QStringLiteral("mine"), QString(), false, false, false, false, {}}); break;
        case 4: c.sendMethod(1, BasicAck{7, false}); break;
        case 5: c.sendMethod(1, TxCommit{}); break;
        case 6:
            c.sendMethod(1, TxSelect{});
            QVERIFY(c.expect<TxSelectOk>());
            c.sendMethod(1, ConfirmSelect{false});
            break;
        case 7: c.publish(1, QString(), QStringLiteral("q"), QByteArray(2000, 'x')); break;
        case 8: {
            MessageProperties p;
            p.replyTo = QStringLiteral("amq.rabbitmq.reply-to");
            c.publish(1, QString(), QStringLiteral("q"), "x", p);
            break;
        }
        case 9: c.sendMethod(1, declareQueue(QStringLiteral("q2"), false, {{QStringLiteral("x-max-length"), QStringLiteral("many")}})); break;
        case 10: {
            MessageProperties p;
            p.userId = QStringLiteral("guest");   // the login's own name is fine
            c.publish(1, QString(), QStringLiteral("q"), "x", p);
            p.userId = QStringLiteral("someone");
            c.publish(1, QString(), QStringLiteral("q"), "x", p);
            break;
        }
        }
        const auto close = c.nextMethod();
        QVERIFY(close);
        QVERIFY(std::holds_alternative<ChannelClose>(close->second));
        const auto &cc = std::get<ChannelClose>(close->second);
        QCOMPARE(cc.replyCode, code);
        if (!text.isEmpty())
            QCOMPARE(cc.replyText, text);
        else
            QVERIFY2(cc.replyText.startsWith(replyCodeName(code) + QStringLiteral(" - ")), qPrintable(cc.replyText));
        c.sendMethod(1, ChannelCloseOk{});
        // The connection is still good.
        QVERIFY(c.openChannel(2));
        QVERIFY(c.openChannel(1));
    }

    // Every handler's refusal names the method it answered (class and method
    // id in channel.close or connection.close) with the code and text
    // RabbitMQ clients see. Frames: what to send on channel 1, the refused
    // method last.
    void refusalsNameTheirMethod_data()
    {
        QTest::addColumn<QByteArray>("frames");
        QTest::addColumn<quint16>("code");
        QTest::addColumn<QString>("text");
        QTest::addColumn<quint16>("classId");
        QTest::addColumn<quint16>("methodId");
        auto frames = [](std::initializer_list<Method> methods) {
            QByteArray out;
            for (const Method &m : methods)
                appendMethodFrame(out, 1, m);
            return out;
        };
        const QString nope = QStringLiteral("nope");
        const QString noQueue = QStringLiteral("NOT_FOUND - no previously declared queue");
        QTest::addRow("exchange.declare, unknown type")
            << frames({ExchangeDeclare{0, QStringLiteral("x"), QStringLiteral("weird"), false, false, false, false, false, {}}})
            << quint16(503) << QStringLiteral("COMMAND_INVALID - unknown exchange type 'weird'") << quint16(40) << quint16(10);
        QTest::addRow("exchange.declare, passive, missing")
            << frames({ExchangeDeclare{0, nope, QString(), true, false, false, false, false, {}}}) << quint16(404)
            << QStringLiteral("NOT_FOUND - no exchange 'nope' in vhost '/'") << quint16(40) << quint16(10);
        QTest::addRow("exchange.bind, missing source")
            << frames({ExchangeBind{0, QStringLiteral("amq.direct"), nope, QStringLiteral("k"), false, {}}}) << quint16(404)
            << QStringLiteral("NOT_FOUND - no exchange 'nope' in vhost '/'") << quint16(40) << quint16(30);
        QTest::addRow("exchange.unbind, missing source")
            << frames({ExchangeUnbind{0, QStringLiteral("amq.direct"), nope, QStringLiteral("k"), false, {}}}) << quint16(404)
            << QStringLiteral("NOT_FOUND - no exchange 'nope' in vhost '/'") << quint16(40) << quint16(40);
        QTest::addRow("queue.declare, passive, missing")
            << frames({QueueDeclare{0, nope, true, false, false, false, false, {}}}) << quint16(404)
            << QStringLiteral("NOT_FOUND - no queue 'nope' in vhost '/'") << quint16(50) << quint16(10);
        QTest::addRow("queue.bind, no queue declared")
            << frames({QueueBind{0, QString(), QStringLiteral("amq.direct"), QStringLiteral("k"), false, {}}})
            << quint16(404) << noQueue << quint16(50) << quint16(20);
        QTest::addRow("queue.bind, missing exchange")
            << frames({declareQueue(QStringLiteral("q")), QueueBind{0, QString(), nope, QStringLiteral("k"), false, {}}})
            << quint16(404) << QStringLiteral("NOT_FOUND - no exchange 'nope' in vhost '/'") << quint16(50) << quint16(20);
        QTest::addRow("queue.purge, no queue declared")
            << frames({QueuePurge{0, QString(), false}}) << quint16(404) << noQueue << quint16(50) << quint16(30);
        QTest::addRow("queue.purge, missing")
            << frames({QueuePurge{0, nope, false}}) << quint16(404) << QStringLiteral("NOT_FOUND - no queue 'nope' in vhost '/'")
            << quint16(50) << quint16(30);
        QTest::addRow("queue.delete, no queue declared")
            << frames({QueueDelete{0, QString(), false, false, false}}) << quint16(404) << noQueue << quint16(50) << quint16(40);
        QTest::addRow("queue.unbind, no queue declared")
            << frames({QueueUnbind{0, QString(), QStringLiteral("amq.direct"), QStringLiteral("k"), {}}}) << quint16(404)
            << noQueue << quint16(50) << quint16(50);
        QTest::addRow("basic.qos, prefetch size")
            << frames({BasicQos{1000, 1, false}}) << quint16(540) << QStringLiteral("NOT_IMPLEMENTED - prefetch_size!=0 (1000)")
            << quint16(60) << quint16(10);
        QTest::addRow("basic.consume, no queue declared")
            << frames({consume(QString(), QStringLiteral("t"))}) << quint16(404) << noQueue << quint16(60) << quint16(20);
        QTest::addRow("basic.consume, missing queue")
            << frames({consume(nope, QStringLiteral("t"))}) << quint16(404)
            << QStringLiteral("NOT_FOUND - no queue 'nope' in vhost '/'") << quint16(60) << quint16(20);
        QTest::addRow("basic.consume, reply-to with acks")
            << frames({consume(QStringLiteral("amq.rabbitmq.reply-to"), QStringLiteral("t"))}) << quint16(406)
            << QStringLiteral("PRECONDITION_FAILED - reply consumer cannot acknowledge") << quint16(60) << quint16(20);
        QTest::addRow("basic.get, no queue declared")
            << frames({BasicGet{0, QString(), false}}) << quint16(404) << noQueue << quint16(60) << quint16(70);
        QTest::addRow("basic.get, missing queue")
            << frames({BasicGet{0, nope, false}}) << quint16(404) << QStringLiteral("NOT_FOUND - no queue 'nope' in vhost '/'")
            << quint16(60) << quint16(70);
        QTest::addRow("basic.ack, unknown tag") << frames({BasicAck{7, false}}) << quint16(406)
                                                << QStringLiteral("PRECONDITION_FAILED - unknown delivery tag 7") << quint16(60)
                                                << quint16(80);
        QTest::addRow("basic.reject, unknown tag") << frames({BasicReject{7, true}}) << quint16(406)
                                                   << QStringLiteral("PRECONDITION_FAILED - unknown delivery tag 7")
                                                   << quint16(60) << quint16(90);
        QTest::addRow("basic.nack, unknown tag") << frames({BasicNack{7, false, true}}) << quint16(406)
                                                 << QStringLiteral("PRECONDITION_FAILED - unknown delivery tag 7")
                                                 << quint16(60) << quint16(120);
        QTest::addRow("basic.publish, missing exchange")
            << RawAmqpClient::publishFrames(1, nope, QStringLiteral("k"), "x") << quint16(404)
            << QStringLiteral("NOT_FOUND - no exchange 'nope' in vhost '/'") << quint16(60) << quint16(40);
        QTest::addRow("confirm.select after tx.select")
            << frames({TxSelect{}, ConfirmSelect{false}}) << quint16(406)
            << QStringLiteral("PRECONDITION_FAILED - cannot switch from tx to confirm mode") << quint16(85) << quint16(10);
        QTest::addRow("tx.select after confirm.select")
            << frames({ConfirmSelect{false}, TxSelect{}}) << quint16(406)
            << QStringLiteral("PRECONDITION_FAILED - cannot switch from confirm to tx mode") << quint16(90) << quint16(10);
        QTest::addRow("tx.commit without tx.select") << frames({TxCommit{}}) << quint16(406)
                                                     << QStringLiteral("PRECONDITION_FAILED - channel is not transactional")
                                                     << quint16(90) << quint16(20);
        QTest::addRow("tx.rollback without tx.select") << frames({TxRollback{}}) << quint16(406)
                                                       << QStringLiteral("PRECONDITION_FAILED - channel is not transactional")
                                                       << quint16(90) << quint16(30);
        QTest::addRow("connection method on a channel")
            << frames({ConnectionOpen{QStringLiteral("/"), {}, false}}) << quint16(503)
            << QStringLiteral("COMMAND_INVALID - connection.open on channel 1: connection methods belong on channel 0")
            << quint16(10) << quint16(40);
        QTest::addRow("server-only basic method")
            << frames({BasicDeliver{QStringLiteral("t"), 1, false, QString(), QStringLiteral("q")}}) << quint16(540)
            << QStringLiteral("NOT_IMPLEMENTED - basic.deliver is not a method a client sends") << quint16(60) << quint16(60);
        QTest::addRow("server-only channel method")
            << frames({ChannelOpenOk{}}) << quint16(540)
            << QStringLiteral("NOT_IMPLEMENTED - channel.open-ok is not a method a client sends") << quint16(20)
            << quint16(11);
    }
    void refusalsNameTheirMethod()
    {
        QFETCH(QByteArray, frames);
        QFETCH(quint16, code);
        QFETCH(QString, text);
        QFETCH(quint16, classId);
        QFETCH(quint16, methodId);
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendRaw(frames);
        // The replies to the methods before the refused one come first.
        for (;;) {
            const auto m = c.nextMethod();
            QVERIFY(m);
            if (const auto *close = std::get_if<ChannelClose>(&m->second)) {
                QCOMPARE(m->first, quint16(1));
                QVERIFY2(!makeFault(code, {}).closesConnection(), "a channel closed on a connection-level code");
                QCOMPARE(close->replyText, text);
                QCOMPARE(close->replyCode, code);
                QCOMPARE(close->classId, classId);
                QCOMPARE(close->methodId, methodId);
                return;
            }
            if (const auto *close = std::get_if<ConnectionClose>(&m->second)) {
                QCOMPARE(m->first, quint16(0));
                QVERIFY2(makeFault(code, {}).closesConnection(), "the connection closed on a channel-level code");
                QCOMPARE(close->replyText, text);
                QCOMPARE(close->replyCode, code);
                QCOMPARE(close->classId, classId);
                QCOMPARE(close->methodId, methodId);
                return;
            }
        }
    }

    void transactions()
    {
        ServerFixture f({}, true);
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("txq"), true));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, TxSelect{});
        QVERIFY(c.expect<TxSelectOk>());
        MessageProperties persistent;
        persistent.deliveryMode = 2;
        c.publish(1, QString(), QStringLiteral("txq"), "a", persistent);
        c.publish(1, QString(), QStringLiteral("txq"), "b", persistent);
        QVERIFY(c.quietFor(150));
        QCOMPARE(f.engine->queue(QStringLiteral("txq"))->ready, quint64(0));
        c.sendMethod(1, TxCommit{});
        QVERIFY(c.expect<TxCommitOk>());
        QCOMPARE(f.engine->queue(QStringLiteral("txq"))->ready, quint64(2));
        // commit-ok waits for the store: the hand-over holding both is committed.
        QCOMPARE(f.store->committedSequence(), f.store->pendingSequence());

        c.publish(1, QString(), QStringLiteral("txq"), "c");
        c.sendMethod(1, TxRollback{});
        QVERIFY(c.expect<TxRollbackOk>());
        c.sendMethod(1, TxCommit{});
        QVERIFY(c.expect<TxCommitOk>());
        QCOMPARE(f.engine->queue(QStringLiteral("txq"))->ready, quint64(2));

        // Acks wait for the commit too.
        c.sendMethod(1, BasicGet{0, QStringLiteral("txq"), false});
        QVERIFY(c.nextMessage());
        c.sendMethod(1, BasicAck{1, false});
        QVERIFY(c.quietFor(150));
        QCOMPARE(f.engine->queue(QStringLiteral("txq"))->unacked, quint64(1));
        c.sendMethod(1, TxCommit{});
        QVERIFY(c.expect<TxCommitOk>());
        QCOMPARE(f.engine->queue(QStringLiteral("txq"))->unacked, quint64(0));
        QCOMPARE(f.engine->queue(QStringLiteral("txq"))->ready, quint64(1));
    }

    void consumerCancelNotification()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.openChannel(2));
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, consume(QStringLiteral("q"), QStringLiteral("watcher")));
        QVERIFY(c.expect<BasicConsumeOk>());
        c.sendMethod(2, QueueDelete{0, QStringLiteral("q"), false, false, false});
        bool cancelled = false, deleted = false;
        for (int i = 0; i < 2; ++i) {
            const auto m = c.nextMethod();
            QVERIFY(m);
            if (const auto *cancel = std::get_if<BasicCancel>(&m->second)) {
                QCOMPARE(m->first, quint16(1));
                QCOMPARE(cancel->consumerTag, QStringLiteral("watcher"));
                cancelled = true;
            }
            deleted = deleted || std::holds_alternative<QueueDeleteOk>(m->second);
        }
        QVERIFY(cancelled && deleted);
    }

    // RabbitMQ sends basic.cancel only to clients that announced
    // consumer_cancel_notify; one that did not would take it for a protocol
    // error.
    void noCancelNotificationWithoutTheCapability()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        c.withoutCapability(QStringLiteral("consumer_cancel_notify"));
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        QVERIFY(c.openChannel(2));
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, consume(QStringLiteral("q"), QStringLiteral("watcher")));
        QVERIFY(c.expect<BasicConsumeOk>());
        c.sendMethod(2, QueueDelete{0, QStringLiteral("q"), false, false, false});
        // Everything the delete caused is sent before the answer to a later
        // method on the consumer's channel: read up to that answer.
        c.sendMethod(1, declareQueue(QStringLiteral("after")));
        bool deleted = false;
        for (;;) {
            const auto m = c.nextMethod();
            QVERIFY(m);
            QVERIFY2(!std::holds_alternative<BasicCancel>(m->second),
                "basic.cancel sent to a client without the capability");
            deleted = deleted || std::holds_alternative<QueueDeleteOk>(m->second);
            if (std::holds_alternative<QueueDeclareOk>(m->second))
                break;
        }
        QVERIFY(deleted);
        QVERIFY(!f.engine->queue(QStringLiteral("q")));
    }

    void deliveryCountHeaderAndDeadLetter()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("dlq")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, declareQueue(QStringLiteral("work"), false,
                                     {{QStringLiteral("x-queue-type"), QStringLiteral("quorum")},
                                      {QStringLiteral("x-delivery-limit"), 1},
                                      {QStringLiteral("x-dead-letter-exchange"), QString()},
                                      {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")}}));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.publish(1, QString(), QStringLiteral("work"), "job");
        c.sendMethod(1, consume(QStringLiteral("work"), QStringLiteral("w")));
        QVERIFY(c.expect<BasicConsumeOk>());
        const auto first = c.nextMessage();
        QVERIFY(first);
        // As RabbitMQ's quorum queues: 0 on the first delivery.
        QVERIFY(first->header.properties.headers);
        QCOMPARE(first->header.properties.headers->value(QStringLiteral("x-delivery-count")).toLongLong(), 0);
        c.sendMethod(1, BasicNack{std::get<BasicDeliver>(first->method).deliveryTag, false, true});
        const auto second = c.nextMessage();
        QVERIFY(second);
        QVERIFY(std::get<BasicDeliver>(second->method).redelivered);
        QCOMPARE(second->header.properties.headers->value(QStringLiteral("x-delivery-count")).toLongLong(), 1);
        c.sendMethod(1, BasicNack{std::get<BasicDeliver>(second->method).deliveryTag, false, true});
        // Past the limit: dead-lettered with x-death.
        QTRY_COMPARE(f.engine->queue(QStringLiteral("dlq"))->ready, quint64(1));
        c.sendMethod(1, BasicGet{0, QStringLiteral("dlq"), true});
        const auto dead = c.nextMessage();
        QVERIFY(dead);
        QVERIFY(dead->header.properties.headers->contains(QStringLiteral("x-death")));
        QCOMPARE(dead->body, QByteArray("job"));
    }

    void republishedDeadLetterKeepsItsHeadersAndItsHistoryGoesOn()
    {
        // A retry handler republishes a dead letter with the headers it got,
        // its client library retyping the count as a 32-bit int.
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("dlq")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, declareQueue(QStringLiteral("work"), false,
                                     {{QStringLiteral("x-dead-letter-exchange"), QString()},
                                      {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")}}));
        QVERIFY(c.expect<QueueDeclareOk>());
        const QVariantMap death{{QStringLiteral("count"), qint32(1)},
                                {QStringLiteral("reason"), QStringLiteral("rejected")},
                                {QStringLiteral("queue"), QStringLiteral("work")},
                                {QStringLiteral("time"), QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC)},
                                {QStringLiteral("exchange"), QString()},
                                {QStringLiteral("routing-keys"), QVariantList{QStringLiteral("work")}}};
        MessageProperties props;
        props.headers = QVariantMap{{QStringLiteral("app"), QStringLiteral("shop")},
                                    {QStringLiteral("x-death"), QVariantList{death}},
                                    {QStringLiteral("x-first-death-queue"), QStringLiteral("work")},
                                    {QStringLiteral("x-first-death-reason"), QStringLiteral("rejected")},
                                    {QStringLiteral("x-first-death-exchange"), QString()},
                                    {QStringLiteral("x-last-death-queue"), QStringLiteral("work")},
                                    {QStringLiteral("x-last-death-reason"), QStringLiteral("rejected")},
                                    {QStringLiteral("x-last-death-exchange"), QString()}};
        c.publish(1, QString(), QStringLiteral("work"), "job", props);
        QTRY_COMPARE(f.engine->queue(QStringLiteral("work"))->ready, quint64(1));
        // Kept typed in the engine ...
        const MessageView queued = f.engine->browse(QStringLiteral("work"), 0, 1).at(0);
        QCOMPARE(queued.state.content->deaths.records.size(), 1);
        QCOMPARE(queued.state.content->deaths.records[0].count, 1);
        QVERIFY(!queued.state.content->properties.headers->contains(QStringLiteral("x-death")));
        // ... and sent on exactly as it came in.
        c.sendMethod(1, BasicGet{0, QStringLiteral("work"), false});
        const auto got = c.nextMessage();
        QVERIFY(got);
        QCOMPARE(encodeFieldTable(*got->header.properties.headers).toHex(), encodeFieldTable(*props.headers).toHex());
        // Rejected again: the history goes on where it was.
        c.sendMethod(1, BasicReject{std::get<BasicGetOk>(got->method).deliveryTag, false});
        QTRY_COMPARE(f.engine->queue(QStringLiteral("dlq"))->ready, quint64(1));
        c.sendMethod(1, BasicGet{0, QStringLiteral("dlq"), true});
        const auto dead = c.nextMessage();
        QVERIFY(dead);
        const QVariantMap h = *dead->header.properties.headers;
        const QVariantList deaths = h.value(QStringLiteral("x-death")).toList();
        QCOMPARE(deaths.size(), 1);
        QCOMPARE(deaths[0].toMap().value(QStringLiteral("count")), QVariant::fromValue<qint64>(2));
        QCOMPARE(h.value(QStringLiteral("x-first-death-queue")).toString(), QStringLiteral("work"));
        QCOMPARE(h.value(QStringLiteral("app")).toString(), QStringLiteral("shop"));
    }

    void noAckAndAckedDeliveriesShareTags()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("auto")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, declareQueue(QStringLiteral("manual")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.publish(1, QString(), QStringLiteral("auto"), "a1");
        c.publish(1, QString(), QStringLiteral("manual"), "m1");
        c.publish(1, QString(), QStringLiteral("auto"), "a2");
        c.publish(1, QString(), QStringLiteral("manual"), "m2");
        QTRY_COMPARE(f.engine->queue(QStringLiteral("manual"))->ready, quint64(2));
        QList<quint64> manualTags;
        QSet<quint64> seen;
        for (const char *q : {"auto", "manual", "auto", "manual"}) {
            c.sendMethod(1, BasicGet{0, QString::fromLatin1(q), QLatin1StringView(q) == QLatin1StringView("auto")});
            const auto m = c.nextMessage();
            QVERIFY(m);
            const quint64 tag = std::get<BasicGetOk>(m->method).deliveryTag;
            QVERIFY(!seen.contains(tag));   // one tag sequence per channel
            seen.insert(tag);
            if (QLatin1StringView(q) == QLatin1StringView("manual"))
                manualTags.append(tag);
        }
        QCOMPARE(manualTags, QList<quint64>({2, 4}));
        c.sendMethod(1, BasicAck{4, false});
        c.sendMethod(1, BasicAck{2, false});
        QTRY_COMPARE(f.engine->queue(QStringLiteral("manual"))->unacked, quint64(0));
        c.sendMethod(1, BasicAck{3, false});   // a no-ack delivery's tag
        const auto close = c.expect<ChannelClose>();
        QVERIFY(close);
        QCOMPARE(close->replyCode, quint16(406));
    }

    void directReplyTo()
    {
        ServerFixture f;
        RawAmqpClient client(f.port());
        RawAmqpClient server(f.port());
        QVERIFY(client.handshake());
        QVERIFY(server.handshake());
        QVERIFY(client.openChannel(1));
        QVERIFY(server.openChannel(1));
        server.sendMethod(1, declareQueue(QStringLiteral("rpc")));
        QVERIFY(server.expect<QueueDeclareOk>());

        client.sendMethod(1, consume(QStringLiteral("amq.rabbitmq.reply-to"), QStringLiteral("replies"), false));
        QCOMPARE(client.expect<ChannelClose>()->replyCode, quint16(406));   // must be no-ack
        client.sendMethod(1, ChannelCloseOk{});
        QVERIFY(client.openChannel(1));
        client.sendMethod(1, consume(QStringLiteral("amq.rabbitmq.reply-to"), QStringLiteral("replies"), true));
        QVERIFY(client.expect<BasicConsumeOk>());

        MessageProperties request;
        request.replyTo = QStringLiteral("amq.rabbitmq.reply-to");
        request.correlationId = QStringLiteral("42");
        client.publish(1, QString(), QStringLiteral("rpc"), "question", request);
        QTRY_COMPARE(f.engine->queue(QStringLiteral("rpc"))->ready, quint64(1));
        server.sendMethod(1, BasicGet{0, QStringLiteral("rpc"), true});
        const auto req = server.nextMessage();
        QVERIFY(req);
        const QString address = *req->header.properties.replyTo;
        QVERIFY2(address.startsWith(QStringLiteral("amq.rabbitmq.reply-to.")), qPrintable(address));

        MessageProperties reply;
        reply.correlationId = QStringLiteral("42");
        server.publish(1, QString(), address, "answer", reply, true);
        const auto answer = client.nextMessage();
        QVERIFY(answer);
        const auto &d = std::get<BasicDeliver>(answer->method);
        QCOMPARE(d.consumerTag, QStringLiteral("replies"));
        QCOMPARE(d.routingKey, address);
        QCOMPARE(answer->body, QByteArray("answer"));
        QCOMPARE(answer->header.properties.correlationId, reply.correlationId);

        // Once the requester is gone, the address routes nowhere.
        client.sendMethod(1, BasicCancel{QStringLiteral("replies"), false});
        QVERIFY(client.expect<BasicCancelOk>());
        server.publish(1, QString(), address, "late", reply, true);
        const auto returned = server.nextMessage();
        QVERIFY(returned);
        QCOMPARE(std::get<BasicReturn>(returned->method).replyCode, quint16(312));
    }

    void flowStopsDeliveries()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, ChannelFlow{false});
        QCOMPARE(c.expect<ChannelFlowOk>()->active, false);
        c.sendMethod(1, consume(QStringLiteral("q"), QStringLiteral("t"), true));
        QVERIFY(c.expect<BasicConsumeOk>());
        c.publish(1, QString(), QStringLiteral("q"), "held");
        QVERIFY(c.quietFor(200));
        c.sendMethod(1, ChannelFlow{true});
        QCOMPARE(c.expect<ChannelFlowOk>()->active, true);
        const auto m = c.nextMessage();
        QVERIFY(m);
        QCOMPARE(m->body, QByteArray("held"));
    }

    void burstWithSmallUnconfirmedBound()
    {
        AmqpServerOptions options;
        options.maxUnconfirmed = 100;   // reading pauses often; nothing may be lost
        ServerFixture f(options, true);
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("burst"), true));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, ConfirmSelect{false});
        QVERIFY(c.expect<ConfirmSelectOk>());
        MessageProperties persistent;
        persistent.deliveryMode = 2;
        const int n = 5000;
        QByteArray burst;
        for (int i = 0; i < n; ++i)
            burst += RawAmqpClient::publishFrames(1, QString(), QStringLiteral("burst"), QByteArray(100, 'x'), persistent);
        QElapsedTimer t;
        t.start();
        c.sendRaw(burst);
        quint64 confirmed = 0;
        while (confirmed < quint64(n)) {
            const auto ack = c.expect<BasicAck>(5000);
            QVERIFY(ack);
            QVERIFY(ack->deliveryTag > confirmed);
            confirmed = ack->deliveryTag;
        }
        qInfo("%d persistent confirmed publishes in %lld ms", n, t.elapsed());
        QCOMPARE(f.engine->queue(QStringLiteral("burst"))->ready, quint64(n));
    }

    void slowConsumerSocketLosesNothing()
    {
        AmqpServerOptions options;
        options.maxUnsentBytes = 16 * 1024;   // congestion after a few messages
        ServerFixture f(options);
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, declareQueue(QStringLiteral("big")));
        QVERIFY(c.expect<QueueDeclareOk>());
        const int n = 2000;
        QByteArray burst;
        for (int i = 0; i < n; ++i)
            burst += RawAmqpClient::publishFrames(1, QString(), QStringLiteral("big"), QByteArray(1000, char('a' + i % 26)));
        c.sendRaw(burst);
        QTRY_COMPARE(f.engine->queue(QStringLiteral("big"))->ready, quint64(n));
        c.sendMethod(1, consume(QStringLiteral("big"), QStringLiteral("t"), true));
        QVERIFY(c.expect<BasicConsumeOk>());
        for (int i = 0; i < n; ++i) {
            const auto m = c.nextMessage(5000);
            QVERIFY2(m, qPrintable(QString::number(i)));
            QCOMPARE(m->body, QByteArray(1000, char('a' + i % 26)));
        }
        QCOMPARE(f.engine->queue(QStringLiteral("big"))->ready, quint64(0));
    }

    void delayedMessageExchange()
    {
        ServerFixture f;
        RawAmqpClient c(f.port());
        QVERIFY(c.handshake());
        QVERIFY(c.openChannel(1));
        c.sendMethod(1, ExchangeDeclare{0, QStringLiteral("later"), QStringLiteral("x-delayed-message"), false, false, false,
                                        false, false, {{QStringLiteral("x-delayed-type"), QStringLiteral("direct")}}});
        QVERIFY(c.expect<ExchangeDeclareOk>());
        c.sendMethod(1, declareQueue(QStringLiteral("q")));
        QVERIFY(c.expect<QueueDeclareOk>());
        c.sendMethod(1, QueueBind{0, QStringLiteral("q"), QStringLiteral("later"), QStringLiteral("k"), false, {}});
        QVERIFY(c.expect<QueueBindOk>());
        c.sendMethod(1, consume(QStringLiteral("q"), QStringLiteral("t"), true));
        QVERIFY(c.expect<BasicConsumeOk>());
        MessageProperties props;
        props.headers = QVariantMap{{QStringLiteral("x-delay"), 400}};
        QElapsedTimer t;
        t.start();
        c.publish(1, QStringLiteral("later"), QStringLiteral("k"), "tick", props);
        const auto m = c.nextMessage(3000);
        QVERIFY(m);
        QVERIFY2(t.elapsed() >= 350, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(m->body, QByteArray("tick"));
    }

    void unackedReturnWhenConnectionDrops()
    {
        ServerFixture f;
        {
            RawAmqpClient c(f.port());
            QVERIFY(c.handshake());
            QVERIFY(c.openChannel(1));
            c.sendMethod(1, declareQueue(QStringLiteral("q")));
            QVERIFY(c.expect<QueueDeclareOk>());
            c.publish(1, QString(), QStringLiteral("q"), "m");
            c.sendMethod(1, consume(QStringLiteral("q"), QStringLiteral("t")));
            QVERIFY(c.expect<BasicConsumeOk>());
            QVERIFY(c.nextMessage());
            QCOMPARE(f.engine->queue(QStringLiteral("q"))->unacked, quint64(1));
        }
        QTRY_COMPARE(f.engine->queue(QStringLiteral("q"))->ready, quint64(1));
        QCOMPARE(f.engine->queue(QStringLiteral("q"))->unacked, quint64(0));
    }
};

QTEST_GUILESS_MAIN(TestAmqpChannel)
#include "tst_amqpchannel.moc"
