#pragma once

// The history journal's record format (HistoryBook.cpp writes and reads it,
// HistoryConsumed.cpp too). Internal to the engine.

#include "broker/engine/History.h"

#include <QByteArray>
#include <QString>

#include <cstring>

namespace depot::engine_detail::journal {

// The journal's records, appended to one byte array per store hand-over:
// a tag byte, then fixed-width integers in host order and strings as a
// 32-bit count of UTF-16 units followed by them. Only this build reads
// them back (the file is refused by an older Depot through the schema
// version); a row that does not decode is skipped whole at recovery.
// PublishedTag is the short form of a story that begins with a publish
// (its two events in ~70 bytes); ConsumedTag the whole story of a message
// published, delivered once and acked (HistoryBook::consumed), in one record.
enum Tag : char {
    ActorTag = 'A', StoryTag = 'S', PublishedTag = 'P', EventTag = 'E', RenameTag = 'R', GoneTag = 'G',
    ConsumedTag = 'C'
};
constexpr quint8 QueueIsRoutingKey = 1;
constexpr quint8 RoutedIsQueue = 2;

template <typename T>
inline void put(QByteArray &out, T value)
{
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

inline void putString(QByteArray &out, const QString &s)
{
    put<quint32>(out, quint32(s.size()));
    out.append(reinterpret_cast<const char *>(s.constData()), s.size() * qsizetype(sizeof(QChar)));
}

inline void putEvent(QByteArray &out, const HistoryEvent &e)
{
    put<qint64>(out, e.at);
    put<quint8>(out, quint8(e.kind));
    put<quint8>(out, e.flag ? 1 : 0);
    put<quint32>(out, e.actor);
    put<quint32>(out, e.count);
    put<quint64>(out, e.link);
    putString(out, e.where);
    putString(out, e.detail);
    putString(out, e.reason);
}

struct Reader
{
    const char *p;
    const char *end;
    bool ok = true;

    template <typename T>
    T get()
    {
        T value{};
        if (end - p < qsizetype(sizeof value)) {
            ok = false;
            return value;
        }
        std::memcpy(&value, p, sizeof value);
        p += sizeof value;
        return value;
    }
    QString string()
    {
        const quint32 n = get<quint32>();
        if (!ok || quint64(end - p) < quint64(n) * sizeof(QChar)) {
            ok = false;
            return QString();
        }
        QString s(reinterpret_cast<const QChar *>(p), qsizetype(n));
        p += qsizetype(n) * qsizetype(sizeof(QChar));
        return s;
    }
    HistoryEvent event()
    {
        HistoryEvent e;
        e.at = get<qint64>();
        e.kind = HistoryEventKind(get<quint8>());
        e.flag = get<quint8>() != 0;
        e.actor = get<quint32>();
        e.count = get<quint32>();
        e.link = get<quint64>();
        e.where = string();
        e.detail = string();
        e.reason = string();
        if (quint8(e.kind) > quint8(HistoryEventKind::Restored))
            ok = false;
        return e;
    }
};

} // namespace depot::engine_detail::journal
