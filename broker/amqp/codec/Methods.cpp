#include "broker/amqp/codec/Methods.h"

#include "broker/amqp/codec/FieldTable.h"
#include "broker/amqp/codec/Frame.h"
#include "broker/amqp/codec/Wire.h"

namespace depot::amqp {

using namespace wire;

namespace {

constexpr quint32 key(quint16 classId, quint16 methodId)
{
    return (quint32(classId) << 16) | methodId;
}

// Walks a method's fields() and appends them. Bits go into the octet of the
// run they belong to; any other argument ends the run.
class ArgWriter final
{
public:
    explicit ArgWriter(QByteArray &out) : m_out(out) {}

    void u8(quint8 v) { endBits(), putU8(m_out, v); }
    void u16(quint16 v) { endBits(), putU16(m_out, v); }
    void u32(quint32 v) { endBits(), putU32(m_out, v); }
    void u64(quint64 v) { endBits(), putU64(m_out, v); }
    void shortStr(const QString &v) { endBits(), putShortStr(m_out, v); }
    void longStr(const QByteArray &v) { endBits(), putLongStr(m_out, v); }
    void table(const QVariantMap &v) { endBits(), appendFieldTable(m_out, v); }
    void bit(bool v)
    {
        if (m_bitCount == 0 || m_bitCount == 8) {
            m_bitOctetAt = m_out.size();
            m_out.append('\0');
            m_bitCount = 0;
        }
        if (v)
            m_out[m_bitOctetAt] = char(quint8(m_out[m_bitOctetAt]) | (1u << m_bitCount));
        ++m_bitCount;
    }

private:
    void endBits() { m_bitCount = 0; }

    QByteArray &m_out;
    qsizetype m_bitOctetAt = 0;
    int m_bitCount = 0;
};

// Walks a method's fields() and reads them; the Reader records the first
// failure and every later read is a no-op.
class ArgReader final
{
public:
    explicit ArgReader(Reader &in) : m_in(in) {}

    void u8(quint8 &v) { endBits(), v = m_in.u8("octet argument"); }
    void u16(quint16 &v) { endBits(), v = m_in.u16("short argument"); }
    void u32(quint32 &v) { endBits(), v = m_in.u32("long argument"); }
    void u64(quint64 &v) { endBits(), v = m_in.u64("longlong argument"); }
    void shortStr(QString &v) { endBits(), v = m_in.shortStr("shortstr argument"); }
    void longStr(QByteArray &v)
    {
        endBits();
        v = m_in.longStrBytes("longstr argument").toByteArray();
    }
    void table(QVariantMap &v) { endBits(), v = readFieldTable(m_in); }
    void bit(bool &v)
    {
        if (m_bitCount == 0 || m_bitCount == 8) {
            endBits();
            m_octet = m_in.u8("bit arguments");
            m_bitCount = 0;
        }
        v = (m_octet >> m_bitCount) & 1;
        ++m_bitCount;
    }
    // Bits above the last defined one would be dropped by a re-encode; they
    // have no meaning, so a peer that sets them sent a malformed method.
    void endBits()
    {
        if (m_bitCount > 0 && m_bitCount < 8 && (m_octet >> m_bitCount) != 0)
            m_in.fail(QStringLiteral("undefined bits set in a bit-argument octet (0x%1)").arg(m_octet, 2, 16, QLatin1Char('0')));
        m_bitCount = 0;
    }

private:
    Reader &m_in;
    quint8 m_octet = 0;
    int m_bitCount = 0;
};

template <typename M>
Decoded<Method> decodeAs(QByteArrayView arguments)
{
    Reader in(arguments);
    ArgReader args(in);
    M m;
    M::fields(m, args);
    args.endBits();
    if (!in.failed() && !in.atEnd()) {
        in.failLayout(QStringLiteral("%1 bytes after the last argument of %2")
                          .arg(in.remaining())
                          .arg(methodName(M::kClassId, M::kMethodId)));
    }
    if (in.failed()) {
        CodecError e = in.error();
        if (in.layoutFailed()) {
            // Arguments that do not fit the method's layout: RabbitMQ answers
            // 501 "cannot decode" naming the method, and so does Depot.
            e.replyCode = ReplyCode::FrameError;
            e.text = methodName(M::kClassId, M::kMethodId) + QStringLiteral(": cannot decode the arguments: ") + e.text;
        } else {
            e.text = methodName(M::kClassId, M::kMethodId) + QStringLiteral(": ") + e.text;
        }
        return e;
    }
    return Method(std::move(m));
}

} // namespace

QString methodName(quint16 classId, quint16 methodId)
{
    switch (key(classId, methodId)) {
#define DEPOT_AMQP_NAME_CASE(Struct, ClassId, MethodId, Name) \
    case key(ClassId, MethodId): return QStringLiteral(Name);
        DEPOT_AMQP_METHODS(DEPOT_AMQP_NAME_CASE)
#undef DEPOT_AMQP_NAME_CASE
    }
    return {};
}

bool methodHasContent(quint16 classId, quint16 methodId)
{
    switch (key(classId, methodId)) {
    case key(BasicPublish::kClassId, BasicPublish::kMethodId):
    case key(BasicReturn::kClassId, BasicReturn::kMethodId):
    case key(BasicDeliver::kClassId, BasicDeliver::kMethodId):
    case key(BasicGetOk::kClassId, BasicGetOk::kMethodId):
        return true;
    }
    return false;
}

quint16 methodClassId(const Method &method)
{
    return std::visit([](const auto &m) { return std::decay_t<decltype(m)>::kClassId; }, method);
}

quint16 methodMethodId(const Method &method)
{
    return std::visit([](const auto &m) { return std::decay_t<decltype(m)>::kMethodId; }, method);
}

Decoded<Method> decodeMethod(quint16 classId, quint16 methodId, QByteArrayView arguments)
{
    switch (key(classId, methodId)) {
#define DEPOT_AMQP_DECODE_CASE(Struct, ClassId, MethodId, Name) \
    case key(ClassId, MethodId): return decodeAs<Struct>(arguments);
        DEPOT_AMQP_METHODS(DEPOT_AMQP_DECODE_CASE)
#undef DEPOT_AMQP_DECODE_CASE
    }
    bool knownClass = false;
    for (quint16 c : {10, 20, 40, 50, 60, 85, 90})
        knownClass = knownClass || c == classId;
    return CodecError{ReplyCode::NotImplemented,
                      knownClass ? QStringLiteral("unknown method %1 of class %2").arg(methodId).arg(classId)
                                 : QStringLiteral("unknown class %1 (method %2)").arg(classId).arg(methodId)};
}

Decoded<Method> decodeMethodPayload(QByteArrayView payload)
{
    if (payload.size() < 4) {
        return CodecError{ReplyCode::FrameError,
                          QStringLiteral("method frame of %1 bytes has no class and method id").arg(payload.size())};
    }
    const quint16 classId = qFromBigEndian<quint16>(payload.data());
    const quint16 methodId = qFromBigEndian<quint16>(payload.data() + 2);
    return decodeMethod(classId, methodId, payload.sliced(4));
}

void appendMethodPayload(QByteArray &out, const Method &method)
{
    std::visit(
        [&out](const auto &m) {
            using M = std::decay_t<decltype(m)>;
            putU16(out, M::kClassId);
            putU16(out, M::kMethodId);
            ArgWriter args(out);
            M::fields(m, args);
        },
        method);
}

QByteArray encodeMethodPayload(const Method &method)
{
    QByteArray out;
    out.reserve(64);
    appendMethodPayload(out, method);
    return out;
}

void appendMethodFrame(QByteArray &out, quint16 channel, const Method &method)
{
    const qsizetype start = beginFrame(out, FrameType::Method, channel);
    appendMethodPayload(out, method);
    endFrame(out, start);
}

} // namespace depot::amqp
