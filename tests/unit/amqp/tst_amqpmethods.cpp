// Method arguments: every method of every class Depot speaks round-trips
// (decode(encode(m)) == m and encode(decode(bytes)) == bytes), a set of
// hand-written vectors pins the wire layout to the spec (bit packing above
// all), and malformed arguments are refused with the right reply code.

#include "CodecTestUtil.h"

#include "broker/amqp/codec/FieldTable.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Methods.h"

#include <QTest>

#include <utility>

using namespace depot;
using namespace depot::amqp;
using depot::amqp::test::hex;

Q_DECLARE_METATYPE(depot::amqp::Method)

namespace {

// Fills every argument of a method with a value derived from a seed, so each
// field differs from its default and from its neighbours.
class Filler final
{
public:
    Filler(int seed, bool bits) : m_n(seed), m_bits(bits) {}

    void u8(quint8 &v) { v = quint8(++m_n); }
    void u16(quint16 &v) { v = quint16(1000 + ++m_n); }
    void u32(quint32 &v) { v = 0x80000000u + quint32(++m_n); }
    void u64(quint64 &v) { v = 0x8000000000000000ull + quint64(++m_n); }
    void bit(bool &v) { v = m_bits ? true : (++m_n % 2 == 0); }
    void shortStr(QString &v) { v = QStringLiteral("s%1-\u00e9").arg(++m_n); }
    void longStr(QByteArray &v) { v = QByteArray("\0l", 2) + QByteArray::number(++m_n); }
    void table(QVariantMap &v)
    {
        v = {{QStringLiteral("x-n"), QVariant::fromValue(qint32(++m_n))},
             {QStringLiteral("x-nested"), QVariantMap{{QStringLiteral("b"), QVariant::fromValue(quint8(m_n))}}}};
    }

private:
    int m_n;
    bool m_bits;
};

template <std::size_t... I>
QList<Method> allMethodsImpl(int seed, bool bits, std::index_sequence<I...>)
{
    QList<Method> list;
    (
        [&] {
            using M = std::variant_alternative_t<I, Method>;
            M m;
            Filler f(seed + int(I) * 10, bits);
            M::fields(m, f);
            list.append(Method(std::move(m)));
        }(),
        ...);
    return list;
}

QList<Method> allMethods(int seed, bool bits)
{
    return allMethodsImpl(seed, bits, std::make_index_sequence<std::variant_size_v<Method>>{});
}

QString nameOf(const Method &m)
{
    return methodName(methodClassId(m), methodMethodId(m));
}

} // namespace

class TestAmqpMethods final : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<Method>("method");
        for (const Method &m : allMethods(0, false))
            QTest::addRow("%s filled", qPrintable(nameOf(m))) << m;
        for (const Method &m : allMethods(7, true))
            QTest::addRow("%s all bits", qPrintable(nameOf(m))) << m;
        for (std::size_t i = 0; i < std::variant_size_v<Method>; ++i) {
            // Default-constructed: empty strings and tables, zero numbers.
            Method m = allMethods(0, false).at(qsizetype(i));
            std::visit([](auto &x) { x = std::decay_t<decltype(x)>{}; }, m);
            QTest::addRow("%s defaults", qPrintable(nameOf(m))) << m;
        }
    }

    void roundTrip()
    {
        QFETCH(Method, method);
        const QByteArray payload = encodeMethodPayload(method);
        const Decoded<Method> decoded = decodeMethodPayload(payload);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
        QCOMPARE(decoded.value().index(), method.index());
        QVERIFY(decoded.value() == method);
        QCOMPARE(encodeMethodPayload(decoded.value()).toHex(' '), payload.toHex(' '));

        // Every proper prefix is a truncated method; and one byte more is
        // trailing garbage. Both are 501 (RabbitMQ's "cannot decode"), never
        // a crash or a partial method.
        for (qsizetype n = 4; n < payload.size(); ++n) {
            const Decoded<Method> cut = decodeMethodPayload(QByteArrayView(payload).first(n));
            QVERIFY2(!cut.ok(), qPrintable(QString::number(n)));
            QCOMPARE(cut.error().replyCode, ReplyCode::FrameError);
        }
        const Decoded<Method> longer = decodeMethodPayload(QByteArray(payload + '\0'));
        QVERIFY(!longer.ok());
        QCOMPARE(longer.error().replyCode, ReplyCode::FrameError);
        QVERIFY2(longer.error().text.contains(QStringLiteral("after the last argument")), qPrintable(longer.error().text));
        QVERIFY2(longer.error().text.startsWith(nameOf(method)), qPrintable(longer.error().text));

        // As a frame.
        QByteArray frame;
        appendMethodFrame(frame, 5, method);
        const FrameDecodeResult r = decodeFrame(frame, 0);
        QCOMPARE(r.status, FrameDecodeResult::Status::Complete);
        QCOMPARE(r.frame.type, FrameType::Method);
        QCOMPARE(r.frame.channel, quint16(5));
        QCOMPARE(r.consumed, frame.size());
        QCOMPARE(r.frame.payload.toByteArray(), payload);
    }

    void everyMethodHasAName()
    {
        QCOMPARE(std::variant_size_v<Method>, std::size_t(64));
        QSet<QString> names;
        for (const Method &m : allMethods(0, false)) {
            const QString name = nameOf(m);
            QVERIFY(!name.isEmpty());
            QVERIFY2(!names.contains(name), qPrintable(name));
            names.insert(name);
        }
        QCOMPARE(methodName(60, 40), QStringLiteral("basic.publish"));
        QCOMPARE(methodName(85, 10), QStringLiteral("confirm.select"));
        QCOMPARE(methodName(40, 51), QStringLiteral("exchange.unbind-ok"));
        QCOMPARE(methodName(30, 10), QString());
    }

    void hasContent()
    {
        int withContent = 0;
        for (const Method &m : allMethods(0, false))
            withContent += methodHasContent(methodClassId(m), methodMethodId(m)) ? 1 : 0;
        QCOMPARE(withContent, 4);
        QVERIFY(methodHasContent(60, 40));
        QVERIFY(methodHasContent(60, 50));
        QVERIFY(methodHasContent(60, 60));
        QVERIFY(methodHasContent(60, 71));
        QVERIFY(!methodHasContent(60, 72));
        QVERIFY(!methodHasContent(60, 80));
    }

    void vectors_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<Method>("method");

        QTest::addRow("connection.start-ok")
            << hex("000a 000b 00000000 05 504c41494e 0000000c 006775657374006775657374 05 656e5f5553")
            << Method(ConnectionStartOk{{}, QStringLiteral("PLAIN"), QByteArray("\0guest\0guest", 12), QStringLiteral("en_US")});
        QTest::addRow("connection.tune") << hex("000a 001e 07ff 00020000 003c") << Method(ConnectionTune{2047, 131072, 60});
        QTest::addRow("connection.open") << hex("000a 0028 01 2f 00 00")
                                         << Method(ConnectionOpen{QStringLiteral("/"), QString(), false});
        QTest::addRow("connection.close") << hex("000a 0032 00c8 03 627965 0000 0000")
                                          << Method(ConnectionClose{200, QStringLiteral("bye"), 0, 0});
        QTest::addRow("connection.blocked") << hex("000a 003c 03 6c6f77") << Method(ConnectionBlocked{QStringLiteral("low")});
        QTest::addRow("connection.update-secret") << hex("000a 0046 00000002 6a77 00")
                                                  << Method(ConnectionUpdateSecret{QByteArray("jw"), QString()});
        QTest::addRow("channel.open") << hex("0014 000a 00") << Method(ChannelOpen{});
        QTest::addRow("channel.flow off") << hex("0014 0014 00") << Method(ChannelFlow{false});
        QTest::addRow("channel.flow on") << hex("0014 0014 01") << Method(ChannelFlow{true});
        QTest::addRow("exchange.declare durable internal")
            << hex("0028 000a 0000 02 6578 05 746f706963 0a 00000000")
            << Method(ExchangeDeclare{0, QStringLiteral("ex"), QStringLiteral("topic"), false, true, false, true, false, {}});
        QTest::addRow("exchange.declare passive nowait")
            << hex("0028 000a 0000 02 6578 00 11 00000000")
            << Method(ExchangeDeclare{0, QStringLiteral("ex"), QString(), true, false, false, false, true, {}});
        QTest::addRow("exchange.bind")
            << hex("0028 001e 0000 01 64 01 73 02 726b 01 00000000")
            << Method(ExchangeBind{0, QStringLiteral("d"), QStringLiteral("s"), QStringLiteral("rk"), true, {}});
        QTest::addRow("queue.declare durable auto-delete with ttl")
            << hex("0032 000a 0000 01 71 0a 00000013 0d 782d6d6573736167652d74746c 49 000003e8")
            << Method(QueueDeclare{0, QStringLiteral("q"), false, true, false, true, false,
                                   {{QStringLiteral("x-message-ttl"), QVariant::fromValue(qint32(1000))}}});
        QTest::addRow("queue.declare exclusive nowait")
            << hex("0032 000a 0000 00 14 00000000")
            << Method(QueueDeclare{0, QString(), false, false, true, false, true, {}});
        QTest::addRow("queue.declare-ok") << hex("0032 000b 01 71 00000005 00000001")
                                          << Method(QueueDeclareOk{QStringLiteral("q"), 5, 1});
        QTest::addRow("queue.delete if-empty") << hex("0032 0028 0000 01 71 02")
                                               << Method(QueueDelete{0, QStringLiteral("q"), false, true, false});
        QTest::addRow("queue.unbind (no bits)") << hex("0032 0032 0000 01 71 01 78 00 00000000")
                                                << Method(QueueUnbind{0, QStringLiteral("q"), QStringLiteral("x"), QString(), {}});
        QTest::addRow("basic.qos global") << hex("003c 000a 00000000 000a 01") << Method(BasicQos{0, 10, true});
        QTest::addRow("basic.consume no-ack exclusive")
            << hex("003c 0014 0000 01 71 00 06 00000000")
            << Method(BasicConsume{0, QStringLiteral("q"), QString(), false, true, true, false, {}});
        QTest::addRow("basic.publish mandatory")
            << hex("003c 0028 0000 01 78 02 726b 01")
            << Method(BasicPublish{0, QStringLiteral("x"), QStringLiteral("rk"), true, false});
        QTest::addRow("basic.publish both bits")
            << hex("003c 0028 0000 00 00 03") << Method(BasicPublish{0, QString(), QString(), true, true});
        QTest::addRow("basic.deliver redelivered")
            << hex("003c 003c 04 63746167 0102030405060708 01 00 01 71")
            << Method(BasicDeliver{QStringLiteral("ctag"), 0x0102030405060708ull, true, QString(), QStringLiteral("q")});
        QTest::addRow("basic.get-ok") << hex("003c 0047 0000000000000001 00 00 01 71 00000003")
                                      << Method(BasicGetOk{1, false, QString(), QStringLiteral("q"), 3});
        QTest::addRow("basic.get-empty") << hex("003c 0048 00") << Method(BasicGetEmpty{});
        QTest::addRow("basic.ack multiple") << hex("003c 0050 ffffffffffffffff 01")
                                            << Method(BasicAck{0xffffffffffffffffull, true});
        QTest::addRow("basic.reject requeue") << hex("003c 005a 0000000000000002 01") << Method(BasicReject{2, true});
        QTest::addRow("basic.nack requeue only") << hex("003c 0078 0000000000000005 02") << Method(BasicNack{5, false, true});
        QTest::addRow("basic.nack multiple requeue") << hex("003c 0078 0000000000000005 03") << Method(BasicNack{5, true, true});
        QTest::addRow("basic.recover") << hex("003c 006e 01") << Method(BasicRecover{true});
        QTest::addRow("confirm.select nowait") << hex("0055 000a 01") << Method(ConfirmSelect{true});
        QTest::addRow("confirm.select-ok") << hex("0055 000b") << Method(ConfirmSelectOk{});
        QTest::addRow("tx.select") << hex("005a 000a") << Method(TxSelect{});
        QTest::addRow("tx.rollback-ok") << hex("005a 001f") << Method(TxRollbackOk{});
    }

    void vectors()
    {
        QFETCH(QByteArray, payload);
        QFETCH(Method, method);
        QCOMPARE(encodeMethodPayload(method).toHex(' '), payload.toHex(' '));
        const Decoded<Method> decoded = decodeMethodPayload(payload);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().text));
        QVERIFY(decoded.value() == method);
        // Also through the (class, method, arguments) entry point.
        const Decoded<Method> byIds = decodeMethod(methodClassId(method), methodMethodId(method), QByteArrayView(payload).sliced(4));
        QVERIFY(byIds.ok());
        QVERIFY(byIds.value() == method);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<quint16>("replyCode");
        QTest::addColumn<QString>("textContains");

        const quint16 notImplemented = ReplyCode::NotImplemented;
        const quint16 syntax = ReplyCode::SyntaxError;        // well laid out, refused
        const quint16 layout = ReplyCode::FrameError;         // does not fit the layout
        QTest::addRow("no ids") << QByteArray() << ReplyCode::FrameError << QStringLiteral("no class and method id");
        QTest::addRow("class id only") << hex("003c") << ReplyCode::FrameError << QStringLiteral("no class and method id");
        QTest::addRow("access class (gone)") << hex("001e 000a 05 2f64617461 00") << notImplemented
                                              << QStringLiteral("unknown class 30");
        QTest::addRow("class 0") << hex("0000 0000") << notImplemented << QStringLiteral("unknown class 0");
        QTest::addRow("class ffff") << hex("ffff 000a") << notImplemented << QStringLiteral("unknown class 65535");
        QTest::addRow("basic method 999") << hex("003c 03e7") << notImplemented
                                          << QStringLiteral("unknown method 999 of class 60");
        QTest::addRow("connection method 52") << hex("000a 0034") << notImplemented
                                              << QStringLiteral("unknown method 52 of class 10");
        QTest::addRow("exchange.unbind-ok at 41") << hex("0028 0029") << notImplemented << QStringLiteral("unknown method 41");
        QTest::addRow("tx method 0") << hex("005a 0000") << notImplemented << QStringLiteral("unknown method 0");
        QTest::addRow("trailing after tx.select") << hex("005a 000a 00") << layout << QStringLiteral("1 bytes after the last argument of tx.select");
        QTest::addRow("trailing after basic.ack") << hex("003c 0050 0000000000000001 00 ff ff") << layout
                                                  << QStringLiteral("2 bytes after");
        QTest::addRow("basic.ack without bits") << hex("003c 0050 0000000000000001") << layout << QStringLiteral("bit arguments");
        QTest::addRow("basic.ack short tag") << hex("003c 0050 000000000001") << layout << QStringLiteral("longlong");
        QTest::addRow("tune short") << hex("000a 001f 07ff 0002") << layout << QStringLiteral("long argument");
        QTest::addRow("shortstr past end") << hex("0032 000a 0000 05 71") << layout << QStringLiteral("shortstr");
        QTest::addRow("shortstr ff past end") << hex("003c 0028 0000 ff 41 41") << layout << QStringLiteral("shortstr");
        QTest::addRow("shortstr not utf8") << hex("0032 000a 0000 01 ff 00 00000000") << syntax
                                           << QStringLiteral("not valid UTF-8");
        QTest::addRow("longstr 4 GB") << hex("000a 000b 00000000 05 504c41494e ffffffff 00 05 656e5f5553") << layout
                                      << QStringLiteral("longstr");
        QTest::addRow("table missing") << hex("0032 000a 0000 01 71 00") << layout << QStringLiteral("field table size");
        QTest::addRow("table beyond payload") << hex("0032 000a 0000 01 71 00 00000020 01 61 56") << layout
                                              << QStringLiteral("field table");
        QTest::addRow("table bad type letter") << hex("0032 000a 0000 01 71 00 00000003 01 61 51") << syntax
                                               << QStringLiteral("unknown field value type 0x51");
        QTest::addRow("table truncated value") << hex("0032 000a 0000 01 71 00 00000004 01 61 49 00") << layout
                                               << QStringLiteral("int32");
        QTest::addRow("queue.declare undefined bit") << hex("0032 000a 0000 01 71 20 00000000") << syntax
                                                     << QStringLiteral("undefined bits");
        QTest::addRow("basic.ack undefined bit") << hex("003c 0050 0000000000000001 02") << syntax
                                                 << QStringLiteral("undefined bits");
        QTest::addRow("basic.nack undefined bit") << hex("003c 0078 0000000000000001 04") << syntax
                                                  << QStringLiteral("undefined bits");
        QTest::addRow("channel.flow bit 7") << hex("0014 0014 80") << syntax << QStringLiteral("0x80");
        QTest::addRow("basic.qos global missing") << hex("003c 000a 00000000 000a") << layout << QStringLiteral("bit arguments");
        QTest::addRow("truncated table is cannot decode") << hex("0032 000a 0000 01 71 00 00000064 0d 782d6d6573736167652d74746c 49")
                                                          << layout << QStringLiteral("queue.declare: cannot decode");
        QTest::addRow("error names the method") << hex("003c 0014 0000 01") << layout << QStringLiteral("basic.consume: ");
    }

    void malformed()
    {
        QFETCH(QByteArray, payload);
        QFETCH(quint16, replyCode);
        QFETCH(QString, textContains);
        const Decoded<Method> decoded = decodeMethodPayload(payload);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().replyCode, replyCode);
        QVERIFY2(decoded.error().text.contains(textContains), qPrintable(decoded.error().text));
    }

    void framesAppendInARow()
    {
        // A delivery burst is built in one buffer: frames follow each other.
        QByteArray out;
        appendMethodFrame(out, 1, BasicAck{1, false});
        appendMethodFrame(out, 2, TxSelect{});
        QCOMPARE(out.toHex(' '), hex("01 0001 0000000d 003c0050 0000000000000001 00 ce"
                                     " 01 0002 00000004 005a000a ce").toHex(' '));
    }
};

QTEST_GUILESS_MAIN(TestAmqpMethods)
#include "tst_amqpmethods.moc"
