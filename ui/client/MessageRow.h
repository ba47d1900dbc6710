#pragma once

// MessageRow: what the message browser shows for one message. Built on the
// broker thread from a MessageView, so only a short preview of the body (not
// the body itself) crosses to the GUI thread for each row in view.

#include "broker/engine/Engine.h"

#include <QString>

namespace depot::ui {

struct MessageRow
{
    MessageId id = 0;
    quint64 position = 0;
    qint64 enqueuedAtMs = 0;
    quint32 size = 0;
    quint32 deliveryCount = 0;
    qint64 readyAtMs = 0; // delayed or waiting for its next attempt until then; 0 = visible
    bool redelivered = false;
    bool unacked = false;
    QString exchange;
    QString routingKey;
    QString contentType;
    QString preview;        // first characters of the body, one line
    QString deathReason;    // its newest death record's reason, empty for a message that never died
    QString deathQueue;     // the queue it died in
    QString originQueue; // where replay sends it back (DeathHistory::originalQueue)
    qint64 firstDeathMs = 0; // the earliest death it records: it is at least this old

    static MessageRow fromView(const MessageView &view);
};

// A one-line preview of a body: UTF-8 text when it decodes, hex otherwise.
QString bodyPreview(const QByteArray &body, int maxChars = 160);

} // namespace depot::ui
