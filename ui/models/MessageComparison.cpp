#include "ui/models/MessageComparison.h"

#include "broker/export/ExportFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringDecoder>
#include <algorithm>
#include <optional>
#include <vector>

namespace depot::ui {

namespace {

using Row = MessageComparison::Row;
using Mark = MessageComparison::Mark;

QString absent()
{
    return QStringLiteral("—");
}

std::optional<QString> utf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// Any JSON value at the top, scalars included.
std::optional<QJsonValue> parseJson(const QString &text)
{
    if (text.trimmed().isEmpty())
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc
        = QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("\n]"), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().at(0);
}

QString scalarText(const QJsonValue &v)
{
    const QString array = QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    return array.mid(1, array.size() - 2);
}

QString keyText(const QString &key)
{
    return scalarText(key) + QStringLiteral(": ");
}

// A value as indented lines, each starting with `indent`, the first with
// `prefix` ("\"key\": ") after it, the last with a comma when `comma`.
QStringList prettyLines(const QJsonValue &v, const QString &indent, const QString &prefix, bool comma)
{
    const QString end = comma ? QStringLiteral(",") : QString();
    const QString inner = indent + QStringLiteral("  ");
    QStringList out;
    if (v.isObject() && !v.toObject().isEmpty()) {
        const QJsonObject o = v.toObject();
        out.append(indent + prefix + QLatin1Char('{'));
        qsizetype i = 0;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it, ++i)
            out += prettyLines(it.value(), inner, keyText(it.key()), i + 1 < o.size());
        out.append(indent + QLatin1Char('}') + end);
    } else if (v.isArray() && !v.toArray().isEmpty()) {
        const QJsonArray a = v.toArray();
        out.append(indent + prefix + QLatin1Char('['));
        for (qsizetype i = 0; i < a.size(); ++i)
            out += prettyLines(a.at(i), inner, {}, i + 1 < a.size());
        out.append(indent + QLatin1Char(']') + end);
    } else {
        out.append(indent + prefix + scalarText(v) + end);
    }
    return out;
}

// The structural comparison of two JSON values as aligned rows.
class JsonDiff
{
public:
    QList<Row> rows;
    QStringList differences;

    void value(const QJsonValue &l, const QJsonValue &r, const QString &indent, const QString &prefix, bool commaL,
        bool commaR, const QString &path)
    {
        if (l == r) {
            pair(prettyLines(l, indent, prefix, commaL), prettyLines(r, indent, prefix, commaR), Mark::Same);
            return;
        }
        const QString inner = indent + QStringLiteral("  ");
        if (l.isObject() && r.isObject()) {
            const QJsonObject a = l.toObject();
            const QJsonObject b = r.toObject();
            rows.append({{}, indent + prefix + QLatin1Char('{'), indent + prefix + QLatin1Char('{'), Mark::Same});
            QStringList keys = a.keys() + b.keys();
            std::sort(keys.begin(), keys.end());
            keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
            for (qsizetype i = 0; i < keys.size(); ++i) {
                const QString &k = keys.at(i);
                const auto laterIn = [&keys, i](const QJsonObject &o) {
                    for (qsizetype j = i + 1; j < keys.size(); ++j) {
                        if (o.contains(keys.at(j)))
                            return true;
                    }
                    return false;
                };
                child(a.contains(k) ? std::optional(a.value(k)) : std::nullopt,
                    b.contains(k) ? std::optional(b.value(k)) : std::nullopt, inner, keyText(k), laterIn(a),
                    laterIn(b), path + QLatin1Char('.') + k);
            }
            close(indent + QLatin1Char('}'), commaL, commaR);
            return;
        }
        if (l.isArray() && r.isArray()) {
            const QJsonArray a = l.toArray();
            const QJsonArray b = r.toArray();
            rows.append({{}, indent + prefix + QLatin1Char('['), indent + prefix + QLatin1Char('['), Mark::Same});
            for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
                child(i < a.size() ? std::optional(a.at(i)) : std::nullopt,
                    i < b.size() ? std::optional(b.at(i)) : std::nullopt, inner, {}, i + 1 < a.size(),
                    i + 1 < b.size(), QStringLiteral("%1[%2]").arg(path).arg(i));
            }
            close(indent + QLatin1Char(']'), commaL, commaR);
            return;
        }
        differences.append(path);
        pair(prettyLines(l, indent, prefix, commaL), prettyLines(r, indent, prefix, commaR), Mark::Changed);
    }

private:
    void child(const std::optional<QJsonValue> &l, const std::optional<QJsonValue> &r, const QString &indent,
        const QString &prefix, bool commaL, bool commaR, const QString &path)
    {
        if (l && r) {
            value(*l, *r, indent, prefix, commaL, commaR, path);
        } else if (l) {
            differences.append(path);
            pair(prettyLines(*l, indent, prefix, commaL), {}, Mark::OnlyLeft);
        } else if (r) {
            differences.append(path);
            pair({}, prettyLines(*r, indent, prefix, commaR), Mark::OnlyRight);
        }
    }

    void close(const QString &text, bool commaL, bool commaR)
    {
        rows.append({{}, text + (commaL ? QStringLiteral(",") : QString()),
            text + (commaR ? QStringLiteral(",") : QString()), Mark::Same});
    }

    void pair(const QStringList &l, const QStringList &r, Mark mark)
    {
        for (qsizetype i = 0; i < std::max(l.size(), r.size()); ++i)
            rows.append({{}, l.value(i), r.value(i), mark});
    }
};

QStringList hexLines(const QByteArray &bytes)
{
    QStringList lines;
    const qsizetype n = std::min(bytes.size(), MessageComparison::MaxHexBytes);
    for (qsizetype offset = 0; offset < n; offset += 16) {
        QString line = QStringLiteral("%1 ").arg(offset, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = offset; i < std::min(n, offset + 16); ++i) {
            const auto c = quint8(bytes.at(i));
            line += QStringLiteral(" %1").arg(c, 2, 16, QLatin1Char('0'));
            ascii += (c >= 0x20 && c < 0x7f) ? QChar(char16_t(c)) : QChar(u'.');
        }
        line += QString(3 * (16 - ascii.size()), u' ') + QStringLiteral("  |") + ascii + QLatin1Char('|');
        lines.append(line);
    }
    if (n < bytes.size())
        lines.append(MessageComparison::tr("… %Ln more byte(s) not shown", nullptr, int(bytes.size() - n)));
    return lines;
}

QString deathsText(const DeathHistory &deaths)
{
    QStringList parts;
    for (const DeathRecord &d : deaths.records)
        parts.append(QStringLiteral("%1 %2 ×%3").arg(deathReasonName(d.reason), d.queue).arg(d.count));
    return parts.isEmpty() ? absent() : parts.join(QStringLiteral("; "));
}

} // namespace

QList<Row> alignLines(const QStringList &left, const QStringList &right, qsizetype maxAligned)
{
    QList<Row> rows;
    const qsizetype n = left.size();
    const qsizetype m = right.size();
    if (n > maxAligned || m > maxAligned) {
        for (qsizetype i = 0; i < std::max(n, m); ++i) {
            const Mark mark = i >= n ? Mark::OnlyRight
                : i >= m             ? Mark::OnlyLeft
                : left.at(i) == right.at(i) ? Mark::Same
                                            : Mark::Changed;
            rows.append({{}, left.value(i), right.value(i), mark});
        }
        return rows;
    }
    // lcs[i][j]: the longest common subsequence of left[i..] and right[j..].
    std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            lcs[size_t(i)][size_t(j)] = left.at(i) == right.at(j)
                ? lcs[size_t(i + 1)][size_t(j + 1)] + 1
                : std::max(lcs[size_t(i + 1)][size_t(j)], lcs[size_t(i)][size_t(j + 1)]);
        }
    }
    QStringList gone;
    QStringList added;
    const auto flush = [&] {
        for (qsizetype k = 0; k < std::max(gone.size(), added.size()); ++k) {
            const Mark mark = k >= gone.size() ? Mark::OnlyRight : k >= added.size() ? Mark::OnlyLeft : Mark::Changed;
            rows.append({{}, gone.value(k), added.value(k), mark});
        }
        gone.clear();
        added.clear();
    };
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && left.at(i) == right.at(j)) {
            flush();
            rows.append({{}, left.at(i), right.at(j), Mark::Same});
            ++i;
            ++j;
        } else if (j >= m || (i < n && lcs[size_t(i + 1)][size_t(j)] >= lcs[size_t(i)][size_t(j + 1)])) {
            gone.append(left.at(i++));
        } else {
            added.append(right.at(j++));
        }
    }
    flush();
    return rows;
}

MessageComparison MessageComparison::compare(const MessageContent &left, const MessageContent &right)
{
    MessageComparison c;
    c.compareProperties(left, right);
    c.compareHeaders(left, right);
    c.compareBodies(left.body, right.body);
    return c;
}

void MessageComparison::compareProperties(const MessageContent &left, const MessageContent &right)
{
    const auto add = [this](const char *name, const std::optional<QString> &l, const std::optional<QString> &r) {
        if (!l && !r)
            return;
        const Mark mark = l == r ? Mark::Same : !r ? Mark::OnlyLeft : !l ? Mark::OnlyRight : Mark::Changed;
        properties.append({QLatin1String(name), l.value_or(absent()), r.value_or(absent()), mark});
        if (mark != Mark::Same)
            differences.append(QStringLiteral("properties.") + QLatin1String(name));
    };
    const auto number = [](const auto &v) {
        return v ? std::optional<QString>(QString::number(qint64(*v))) : std::nullopt;
    };
    const MessageProperties &a = left.properties;
    const MessageProperties &b = right.properties;
    add("exchange", left.exchange, right.exchange);
    add("routing_key", left.routingKey, right.routingKey);
    add("content_type", a.contentType, b.contentType);
    add("content_encoding", a.contentEncoding, b.contentEncoding);
    add("delivery_mode", number(a.deliveryMode), number(b.deliveryMode));
    add("priority", number(a.priority), number(b.priority));
    add("correlation_id", a.correlationId, b.correlationId);
    add("reply_to", a.replyTo, b.replyTo);
    add("expiration", a.expiration, b.expiration);
    add("message_id", a.messageId, b.messageId);
    add("timestamp", number(a.timestamp), number(b.timestamp));
    add("type", a.type, b.type);
    add("user_id", a.userId, b.userId);
    add("app_id", a.appId, b.appId);
    add("cluster_id", a.clusterId, b.clusterId);
    if (left.deaths.hasDied() || right.deaths.hasDied())
        add("deaths", deathsText(left.deaths), deathsText(right.deaths));
}

void MessageComparison::compareHeaders(const MessageContent &left, const MessageContent &right)
{
    // Typed values as the export format writes them: a type is part of the value.
    const QJsonObject a = exportformat::encodeTable(left.properties.headers.value_or(QVariantMap()));
    const QJsonObject b = exportformat::encodeTable(right.properties.headers.value_or(QVariantMap()));
    QStringList keys = a.keys() + b.keys();
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const QString &k : keys) {
        const auto text = [&k](const QJsonObject &o) {
            return o.contains(k) ? std::optional<QString>(scalarText(o.value(k))) : std::nullopt;
        };
        const auto l = text(a);
        const auto r = text(b);
        const Mark mark = l == r ? Mark::Same : !r ? Mark::OnlyLeft : !l ? Mark::OnlyRight : Mark::Changed;
        headers.append({k, l.value_or(absent()), r.value_or(absent()), mark});
        if (mark != Mark::Same)
            differences.append(QStringLiteral("headers.") + k);
    }
}

void MessageComparison::compareBodies(const QByteArray &fullLeft, const QByteArray &fullRight)
{
    // The comparison runs on the GUI thread: large bodies are compared in
    // their first MaxBodyBytes (cut at a character boundary), and said so.
    const bool cut = fullLeft.size() > MaxBodyBytes || fullRight.size() > MaxBodyBytes;
    const auto head = [](const QByteArray &body) {
        QByteArray b = body.left(MaxBodyBytes);
        for (int i = 0; i < 3 && !b.isEmpty() && !utf8(b) && utf8(body); ++i)
            b.chop(1);
        return b;
    };
    const QByteArray left = cut ? head(fullLeft) : fullLeft;
    const QByteArray right = cut ? head(fullRight) : fullRight;
    compareBodyBytes(left, right, cut);
    if (cut) {
        const QString note = tr("… bodies longer than %1 bytes: the rest is not compared").arg(MaxBodyBytes);
        body.append({{}, note, note, Mark::Same});
    }
}

void MessageComparison::compareBodyBytes(const QByteArray &left, const QByteArray &right, bool cut)
{
    const auto textL = utf8(left);
    const auto textR = utf8(right);
    if (textL && textR) {
        const auto jsonL = parseJson(*textL);
        const auto jsonR = parseJson(*textR);
        if (jsonL && jsonR && !cut) {
            bodyKind = BodyKind::Json;
            JsonDiff diff;
            diff.value(*jsonL, *jsonR, {}, {}, false, false, QStringLiteral("body"));
            body = diff.rows;
            differences += diff.differences;
            return;
        }
        bodyKind = BodyKind::Text;
        compareLines(textL->split(u'\n'), textR->split(u'\n'));
        return;
    }
    bodyKind = BodyKind::Hex;
    compareLines(hexLines(left), hexLines(right));
}

void MessageComparison::compareLines(const QStringList &left, const QStringList &right)
{
    body = alignLines(left, right, MaxAlignedLines);
    qsizetype lineL = 0;
    for (const Row &row : std::as_const(body)) {
        if (row.mark != Mark::OnlyRight)
            ++lineL;
        if (row.mark != Mark::Same)
            differences.append(QStringLiteral("body line %1").arg(std::max<qsizetype>(lineL, 1)));
    }
}

} // namespace depot::ui
