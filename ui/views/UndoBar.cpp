#include "ui/views/UndoBar.h"

#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/views/WindowParts.h"

#include <QAction>
#include <QDateTime>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>

namespace depot::ui {

UndoBar::UndoBar(BrokerClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("undoBar"));
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    QFrame *banner = makeBanner(this, "undoBanner", QStringLiteral("#34597e"));
    banner->show();
    outer->addWidget(banner);
    auto *layout = new QHBoxLayout(banner);
    layout->setContentsMargins(10, 4, 6, 4);
    m_label = new QLabel(banner);
    m_label->setObjectName(QStringLiteral("undoText"));
    m_button = new QPushButton(tr("Undo"), banner);
    m_button->setObjectName(QStringLiteral("undoButton"));
    // Clicking it must not take the keyboard from the message list.
    m_button->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_button);
    connect(m_button, &QPushButton::clicked, this, &UndoBar::undo);

    m_action = new QAction(tr("&Undo delete or purge"), this);
    m_action->setObjectName(QStringLiteral("undo"));
    m_action->setShortcut(QKeySequence::Undo);
    connect(m_action, &QAction::triggered, this, &UndoBar::undo);

    // The countdown, and the offer's end when its time runs out (the
    // engine removes the messages then on its own).
    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &UndoBar::refresh);
    refresh();
}

UndoBar::~UndoBar() = default;

void UndoBar::offer(Kind kind, const AsideReport &report)
{
    if (report.token == 0)
        return;
    m_offers.append(Offer{kind, report});
    refresh();
}

void UndoBar::undo()
{
    refresh();
    if (m_offers.isEmpty())
        return;
    const Offer offer = m_offers.takeLast();
    refresh();
    const bool posted = m_client->restoreAside(this, offer.report.token, [this, offer](Result<quint64> result) {
        if (!result.ok()) {
            Q_EMIT failed(tr("Could not undo: %1").arg(result.error.text));
            return;
        }
        Q_EMIT restored(offer.report.queue, result.value);
    });
    if (!posted)
        Q_EMIT failed(tr("Could not undo: Depot is not running."));
}

void UndoBar::refresh()
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    m_offers.removeIf([nowMs](const Offer &o) { return o.report.until <= nowMs; });
    m_action->setEnabled(!m_offers.isEmpty());
    if (m_offers.isEmpty()) {
        m_tick->stop();
        hide();
        return;
    }
    const Offer &o = m_offers.constLast();
    const int count = pluralCount(o.report.count);
    const QString number = QLocale().toString(o.report.count);
    const QString what = o.kind == Kind::Deleted
        ? tr("Deleted %1 message(s) from %2.", nullptr, count).arg(number, o.report.queue)
        : tr("Purged %1 message(s) from %2.", nullptr, count).arg(number, o.report.queue);
    const int seconds = int((o.report.until - nowMs + 999) / 1000);
    m_label->setText(what + QLatin1Char(' ') + tr("Undo within %n second(s).", nullptr, seconds));
    m_button->setToolTip(tr("Put them back where they were (%1)").arg(
        m_action->shortcut().toString(QKeySequence::NativeText)));
    if (!m_tick->isActive())
        m_tick->start();
    show();
}

} // namespace depot::ui
