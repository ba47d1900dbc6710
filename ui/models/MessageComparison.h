#pragma once

// MessageComparison: two messages side by side, what differs marked (the
// window's Compare). Properties (exchange, routing key, the AMQP properties,
// the dead-letter history in brief) and headers are compared by name, header
// values with their AMQP type ({"int":3} and {"long":3} differ). Bodies that
// are both JSON are compared structurally: keys in order, arrays element by
// element, as two aligned pretty texts whose lines are marked (a key only on
// one side, a value that differs), and each difference named by its path
// ("body.customer", "body.items[2]"). Other bodies are compared as text
// lines, or as hex dump lines when they are not UTF-8, aligned by their
// longest common subsequence.
//
// No widgets: CompareDialog shows one; tests/gui/tst_messagecomparison checks it.

#include "broker/engine/Message.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace depot::ui {

class MessageComparison final
{
    Q_DECLARE_TR_FUNCTIONS(depot::ui::MessageComparison)

public:
    enum class Mark { Same, Changed, OnlyLeft, OnlyRight };
    enum class BodyKind { Json, Text, Hex };

    // One aligned row: a property or header (name set) or a body line (name
    // empty). An empty side of OnlyLeft/OnlyRight rows has nothing there.
    struct Row
    {
        QString name;
        QString left;
        QString right;
        Mark mark = Mark::Same;
    };

    static MessageComparison compare(const MessageContent &left, const MessageContent &right);

    QList<Row> properties;
    QList<Row> headers;
    QList<Row> body;
    BodyKind bodyKind = BodyKind::Text;
    // Each difference by its path: "properties.message_id", "headers.attempt",
    // "body.customer", "body line 3"; in the order shown.
    QStringList differences;

    // Bodies longer than this many lines are aligned line by line rather
    // than by their common subsequence (which costs lines x lines).
    static constexpr qsizetype MaxAlignedLines = 2000;
    // Bytes of a binary body shown as hex (as the inspector's Hex tab).
    static constexpr qsizetype MaxHexBytes = 64 * 1024;
    // Bodies are compared in their first this many bytes.
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;

private:
    void compareProperties(const MessageContent &left, const MessageContent &right);
    void compareHeaders(const MessageContent &left, const MessageContent &right);
    void compareBodies(const QByteArray &left, const QByteArray &right);
    void compareBodyBytes(const QByteArray &left, const QByteArray &right, bool cut);
    void compareLines(const QStringList &left, const QStringList &right);
};

// Aligns two lists of lines by their longest common subsequence: equal lines
// Same, a run of lines that differ paired up as Changed, the rest OnlyLeft or
// OnlyRight. Lists longer than `maxAligned` are compared line by line.
QList<MessageComparison::Row> alignLines(const QStringList &left, const QStringList &right, qsizetype maxAligned);

} // namespace depot::ui
