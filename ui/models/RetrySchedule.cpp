#include "ui/models/RetrySchedule.h"

#include <QLocale>
#include <cmath>

namespace depot::ui {

namespace {

const QString kRetryDelays = QStringLiteral("x-retry-delays");

bool isSeparator(QChar c)
{
    return c.isSpace() || c == u',' || c == u';';
}

// Two significant digits: 3162 -> 3200, 97 -> 97; 1 ms at least.
qint64 roundTwoDigits(double v)
{
    if (v < 100)
        return std::max<qint64>(1, qint64(std::llround(v)));
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)) - 1);
    return qint64(std::llround(std::round(v / magnitude) * magnitude));
}

QString number(double v)
{
    return QLocale().toString(v, 'g', 6);
}

} // namespace

QList<qint64> RetrySchedule::delaysOf(const QVariantMap &arguments)
{
    QList<qint64> out;
    for (const QVariant &v : arguments.value(kRetryDelays).toList())
        out.append(v.toLongLong());
    return out;
}

QList<qint64> RetrySchedule::delaysOf(const QueueRow &queue)
{
    return delaysOf(queue.arguments);
}

std::optional<QList<qint64>> RetrySchedule::parse(const QString &text, QString *why)
{
    QList<qint64> out;
    const qsizetype n = text.size();
    qsizetype pos = 0;
    const auto skip = [&] {
        while (pos < n && isSeparator(text.at(pos)))
            ++pos;
    };
    skip();
    while (pos < n) {
        const int item = int(out.size()) + 1;
        const qsizetype start = pos;
        if (pos < n && (text.at(pos) == u'-' || text.at(pos) == u'+'))
            ++pos;
        while (pos < n && (text.at(pos).isDigit() || text.at(pos) == u'.'))
            ++pos;
        const QString digits = text.mid(start, pos - start);
        bool ok = false;
        const double value = QLocale::c().toDouble(digits, &ok);
        if (!ok) {
            qsizetype end = pos;
            while (end < n && !isSeparator(text.at(end)))
                ++end;
            *why = tr("delay %1: \"%2\" is not a number")
                       .arg(item)
                       .arg(text.mid(start, std::max<qsizetype>(end - start, 1)));
            return std::nullopt;
        }
        while (pos < n && text.at(pos).isSpace())
            ++pos;
        const qsizetype unitStart = pos;
        while (pos < n && text.at(pos).isLetter())
            ++pos;
        const QString unit = text.mid(unitStart, pos - unitStart).toLower();
        double factor = 0;
        if (unit == u"ms")
            factor = 1;
        else if (unit == u"s" || unit == u"sec")
            factor = 1000;
        else if (unit == u"m" || unit == u"min")
            factor = 60'000;
        else if (unit == u"h")
            factor = 3'600'000;
        if (unit.isEmpty()) {
            *why = tr("delay %1: %2 needs a unit (ms, s, min or h)").arg(item).arg(digits);
            return std::nullopt;
        }
        if (factor == 0) {
            *why = tr("delay %1: \"%2\" is not a unit (ms, s, min or h)").arg(item).arg(unit);
            return std::nullopt;
        }
        const double ms = value * factor;
        if (ms < 0) {
            *why = tr("delay %1 is negative").arg(item);
            return std::nullopt;
        }
        if (ms != std::floor(ms)) {
            *why = tr("delay %1 is not a whole number of milliseconds").arg(item);
            return std::nullopt;
        }
        if (ms > double(MaxDelayMs)) {
            *why = tr("delay %1 is longer than a year").arg(item);
            return std::nullopt;
        }
        out.append(qint64(ms));
        if (pos < n && !isSeparator(text.at(pos))) {
            *why = tr("delay %1: unexpected \"%2\"").arg(item).arg(text.at(pos));
            return std::nullopt;
        }
        skip();
    }
    if (out.isEmpty()) {
        *why = tr("enter at least one delay, e.g. 1s, 5s, 30s");
        return std::nullopt;
    }
    return out;
}

QString RetrySchedule::toText(const QList<qint64> &delays)
{
    QStringList parts;
    for (qint64 ms : delays) {
        if (ms > 0 && ms % 3'600'000 == 0)
            parts << QStringLiteral("%1h").arg(ms / 3'600'000);
        else if (ms > 0 && ms % 60'000 == 0)
            parts << QStringLiteral("%1min").arg(ms / 60'000);
        else if (ms > 0 && ms % 1000 == 0)
            parts << QStringLiteral("%1s").arg(ms / 1000);
        else if (ms >= 1000 && ms % 100 == 0)
            parts << QStringLiteral("%1s").arg(QLocale::c().toString(double(ms) / 1000, 'g', 12));
        else
            parts << QStringLiteral("%1ms").arg(ms);
    }
    return parts.join(QStringLiteral(", "));
}

QList<qint64> RetrySchedule::exponential(qint64 fromMs, qint64 toMs, int count)
{
    QList<qint64> out;
    if (count < 1 || fromMs <= 0 || toMs < fromMs)
        return out;
    out.append(fromMs);
    if (count == 1)
        return out;
    const double factor = std::pow(double(toMs) / double(fromMs), 1.0 / (count - 1));
    for (int i = 1; i < count - 1; ++i)
        out.append(std::clamp(roundTwoDigits(double(fromMs) * std::pow(factor, i)), fromMs, toMs));
    out.append(toMs);
    return out;
}

QString RetrySchedule::duration(qint64 ms)
{
    const QLocale locale;
    if (ms < 1000)
        return tr("%1 ms").arg(locale.toString(ms));
    if (ms < 60'000)
        return tr("%1 s").arg(number(double(ms) / 1000));
    if (ms < 3'600'000) {
        const qint64 minutes = ms / 60'000;
        const qint64 rest = ms % 60'000;
        return rest == 0 ? tr("%1 min").arg(locale.toString(minutes))
                         : tr("%1 min %2 s").arg(locale.toString(minutes), number(double(rest) / 1000));
    }
    if (ms < 86'400'000) {
        const qint64 hours = ms / 3'600'000;
        const qint64 minutes = ms % 3'600'000 / 60'000;
        return minutes == 0 ? tr("%1 h").arg(locale.toString(hours))
                            : tr("%1 h %2 min").arg(locale.toString(hours), locale.toString(minutes));
    }
    const qint64 days = ms / 86'400'000;
    const qint64 hours = ms % 86'400'000 / 3'600'000;
    return hours == 0 ? tr("%1 d").arg(locale.toString(days))
                      : tr("%1 d %2 h").arg(locale.toString(days), locale.toString(hours));
}

QString RetrySchedule::countdown(qint64 ms)
{
    const QLocale locale;
    const qint64 seconds = std::max<qint64>(0, (ms + 999) / 1000);
    if (seconds < 120)
        return tr("%1 s").arg(locale.toString(seconds));
    if (seconds < 7200)
        return tr("%1 min %2 s")
            .arg(locale.toString(seconds / 60), QStringLiteral("%1").arg(seconds % 60, 2, 10, QLatin1Char('0')));
    return tr("%1 h %2 min").arg(locale.toString(seconds / 3600), locale.toString(seconds % 3600 / 60));
}

QString RetrySchedule::attemptText(quint32 deliveryCount, qint64 readyAtMs, int delayCount, qint64 nowMs)
{
    const QLocale locale;
    const qint64 left = readyAtMs - nowMs;
    const quint64 next = quint64(deliveryCount) + 1;
    if (delayCount > 0 && next <= quint64(delayCount) + 1) {
        const QString attempt = locale.toString(next);
        const QString of = locale.toString(delayCount + 1);
        return left > 0 ? tr("attempt %1 of %2, next delivery in %3").arg(attempt, of, countdown(left))
                        : tr("attempt %1 of %2, next delivery due now").arg(attempt, of);
    }
    return left > 0 ? tr("delivered %Ln time(s), next delivery in %1", nullptr, int(deliveryCount)).arg(countdown(left))
                    : tr("delivered %Ln time(s), next delivery due now", nullptr, int(deliveryCount));
}

} // namespace depot::ui
