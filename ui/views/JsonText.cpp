#include "ui/views/JsonText.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace depot::ui {

namespace {

bool isJsonSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

} // namespace

QString prettyJson(const QString &json)
{
    // Validity first (Qt accepts exactly the JSON grammar); the re-indenting
    // below then only has to tell strings from structure.
    QJsonParseError error;
    QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) {
        // fromJson takes only objects and arrays; a scalar is valid JSON too,
        // and needs no indenting: wrap it to check it.
        QJsonDocument::fromJson(QByteArray("[") + json.toUtf8() + QByteArray("]"), &error);
        return error.error == QJsonParseError::NoError ? json.trimmed() : QString();
    }
    QString out;
    out.reserve(json.size() * 2);
    int depth = 0;
    const auto newline = [&out, &depth] {
        out += u'\n';
        out += QString(depth * 2, u' ');
    };
    const qsizetype n = json.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = json.at(i);
        if (c == u'"') {
            // Copy the string as written, escapes included.
            const qsizetype start = i++;
            while (i < n && json.at(i) != u'"')
                i += json.at(i) == u'\\' ? 2 : 1;
            out += QStringView(json).mid(start, i - start + 1);
            continue;
        }
        if (isJsonSpace(c))
            continue;
        if (c == u'{' || c == u'[') {
            qsizetype j = i + 1;
            while (j < n && isJsonSpace(json.at(j)))
                ++j;
            const QChar close = c == u'{' ? u'}' : u']';
            if (j < n && json.at(j) == close) { // empty: stays on one line
                out += c;
                out += close;
                i = j;
                continue;
            }
            out += c;
            ++depth;
            newline();
        } else if (c == u'}' || c == u']') {
            --depth;
            newline();
            out += c;
        } else if (c == u',') {
            out += c;
            newline();
        } else if (c == u':') {
            out += QStringLiteral(": ");
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace depot::ui
