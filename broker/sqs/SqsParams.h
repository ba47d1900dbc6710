#pragma once

// Reading an action's parameters, the same way for both protocols: the query
// protocol gives every value as a string, JSON gives numbers and booleans as
// such. A missing or malformed parameter stops the action: the reader throws
// SqsFailure, the dispatcher (SqsService::handle) answers it as the error.
// Exceptions never leave the SQS adapter.

#include "broker/sqs/codec/SqsProtocol.h"

#include <QJsonArray>
#include <QJsonObject>
#include <optional>

namespace depot::sqs {

struct SqsFailure
{
    SqsError error;
};

[[noreturn]] inline void fail(ErrorCode code, const QString &message = {})
{
    throw SqsFailure{sqsError(code, message)};
}

[[noreturn]] inline void failMissing(const QString &name)
{
    fail(ErrorCode::MissingParameter, QStringLiteral("The request must contain the parameter %1.").arg(name));
}

[[noreturn]] inline void failValue(const QString &name, const QString &value, const QString &reason)
{
    fail(ErrorCode::InvalidParameterValue,
        QStringLiteral("Value %1 for parameter %2 is invalid. Reason: %3").arg(value.left(256), name, reason));
}

// 1 to 80 of [A-Za-z0-9_-]: what SQS allows in a queue name (before a
// ".fifo") and in a batch entry's Id.
inline bool isSqsName(QStringView text)
{
    if (text.isEmpty() || text.size() > 80)
        return false;
    for (QChar c : text) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_'
            || c == u'-';
        if (!ok)
            return false;
    }
    return true;
}

class Params final
{
public:
    Params(const QJsonObject &object, Protocol protocol)
        : m_object(object)
        , m_protocol(protocol)
    {
    }

    bool has(const QString &name) const { return m_object.contains(name); }
    const QJsonObject &object() const { return m_object; }

    std::optional<QString> string(const QString &name) const
    {
        const QJsonValue v = m_object.value(name);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isString())
            wrongType(name, QStringLiteral("a string"));
        return v.toString();
    }
    QString requiredString(const QString &name) const
    {
        const auto s = string(name);
        if (!s || s->isEmpty())
            failMissing(name);
        return *s;
    }
    std::optional<qint64> integer(const QString &name) const
    {
        const QJsonValue v = m_object.value(name);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (d != double(qint64(d)))
                wrongType(name, QStringLiteral("an integer"));
            return qint64(d);
        }
        if (v.isString() && m_protocol == Protocol::Query) {
            bool ok = false;
            const qint64 n = v.toString().trimmed().toLongLong(&ok);
            if (!ok)
                failValue(name, v.toString(), QStringLiteral("Must be an integer."));
            return n;
        }
        wrongType(name, QStringLiteral("an integer"));
    }
    std::optional<qint64> integerIn(const QString &name, qint64 min, qint64 max, const QString &reason) const
    {
        const auto n = integer(name);
        if (n && (*n < min || *n > max))
            failValue(name, QString::number(*n), reason);
        return n;
    }
    QJsonArray array(const QString &name) const
    {
        const QJsonValue v = m_object.value(name);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray())
            wrongType(name, QStringLiteral("a list"));
        return v.toArray();
    }
    QJsonObject map(const QString &name) const
    {
        const QJsonValue v = m_object.value(name);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isObject())
            wrongType(name, QStringLiteral("a map"));
        return v.toObject();
    }
    QStringList strings(const QString &name) const
    {
        QStringList out;
        for (const QJsonValue &v : array(name)) {
            if (!v.isString())
                wrongType(name, QStringLiteral("a list of strings"));
            out.append(v.toString());
        }
        return out;
    }
    Protocol protocol() const { return m_protocol; }

private:
    [[noreturn]] void wrongType(const QString &name, const QString &expected) const
    {
        if (m_protocol == Protocol::Json)
            fail(ErrorCode::SerializationException, QStringLiteral("%1 must be %2.").arg(name, expected));
        fail(ErrorCode::InvalidParameterValue, QStringLiteral("%1 must be %2.").arg(name, expected));
    }

    QJsonObject m_object;
    Protocol m_protocol;
};

} // namespace depot::sqs
