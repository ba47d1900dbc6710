#pragma once

// RetrySchedule: a queue's x-retry-delays as the window reads, writes and
// explains it. One place for the delays' text ("1s, 5s, 30s" to edit, "1 min
// 37 s" to read), the exponential series the retry editor offers, and the
// line a waiting message shows ("attempt 3 of 6, next delivery in 12 s"),
// so the message list, the inspector and the editor say the same thing.
//
// Attempts are deliveries: a schedule of N delays allows N + 1 of them (the
// first, then one after each delay); the return after the last dead-letters
// the message (reason delivery_limit).

#include "ui/client/BrokerSnapshot.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <optional>

namespace depot::ui {

class RetrySchedule final
{
    Q_DECLARE_TR_FUNCTIONS(depot::ui::RetrySchedule)

public:
    // The queue's x-retry-delays in ms; empty when it has none.
    static QList<qint64> delaysOf(const QueueRow &queue);
    static QList<qint64> delaysOf(const QVariantMap &arguments);

    // "1s, 5s, 30s": each delay a number with a unit (ms, s, min, h; "1.5s"
    // is allowed), separated by commas or spaces. Nothing (and `why` says
    // what is wrong, naming the item) when it is not a schedule the broker
    // would take: no unit, a negative or fractional millisecond, more than a
    // year, an empty list.
    static std::optional<QList<qint64>> parse(const QString &text, QString *why);
    // The inverse of parse: "500ms, 1s, 2.5s, 5min".
    static QString toText(const QList<qint64> &delays);
    // `count` delays from `fromMs` to `toMs`, each the same factor apart (so
    // both ends are in the list), rounded to two significant digits.
    static QList<qint64> exponential(qint64 fromMs, qint64 toMs, int count);

    // For reading: "500 ms", "3.1 s", "1 min 37 s", "2 h 5 min".
    static QString duration(qint64 ms);
    // A countdown in whole seconds, rounded up: "12 s", "4 min 05 s".
    static QString countdown(qint64 ms);

    // Whether a message is waiting for its next attempt.
    static bool isWaiting(quint32 deliveryCount, qint64 readyAtMs) { return readyAtMs > 0 && deliveryCount > 0; }
    // A waiting message's line: "attempt 3 of 6, next delivery in 12 s" (the
    // next attempt is its delivery count + 1, of delays + 1); "due now" once
    // the time has come. Without a schedule (removed meanwhile) it says how
    // often it was delivered instead.
    static QString attemptText(quint32 deliveryCount, qint64 readyAtMs, int delayCount, qint64 nowMs);

    static constexpr qint64 MaxDelayMs = 365LL * 24 * 3600 * 1000; // as the broker's check
};

} // namespace depot::ui
