#include "ui/views/RemoteMessagesPanel.h"

#include "ui/client/MessageRow.h"
#include "ui/remote/ManagementJson.h"
#include "ui/remote/RemoteBroker.h"
#include "ui/remote/RemoteMessageJobs.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/WindowParts.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QNetworkReply>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace depot::ui {

using remote::RemoteMessage;
using remote::TransferJob;
using remote::TransferSummary;

RemoteMessagesPanel::RemoteMessagesPanel(remote::RemoteBroker *broker, QWidget *parent)
    : QWidget(parent)
    , m_broker(broker)
    , m_jobs(new remote::RemoteMessageJobs(this))
{
    setObjectName(QStringLiteral("remoteMessagesPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);

    auto *readRow = new QHBoxLayout;
    m_read = new QPushButton(depotIcon("messages"), tr("Read messages…"), this);
    m_count = new QSpinBox(this);
    m_count->setRange(1, 1000);
    m_count->setValue(50);
    m_count->setToolTip(tr("How many messages to read"));
    m_offsetLabel = new QLabel(tr("from offset"), this);
    m_offset = new QSpinBox(this);
    m_offset->setRange(-1, INT_MAX);
    m_offset->setValue(-1);
    m_offset->setSpecialValueText(tr("first"));
    m_offset->setToolTip(tr("The stream offset to read from (x-stream-offset)"));
    readRow->addWidget(m_read);
    readRow->addWidget(m_count);
    readRow->addWidget(m_offsetLabel);
    readRow->addWidget(m_offset);
    readRow->addStretch(1);
    layout->addLayout(readRow);

    auto *actionRow = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: text in the body, routing key or death reason"));
    m_filter->setClearButtonEnabled(true);
    m_targetKind = new QComboBox(this);
    m_targetKind->addItem(tr("Where they died (x-death)"));
    m_targetKind->addItem(tr("Queue"));
    m_targetKind->addItem(tr("Exchange"));
    m_targetKind->setToolTip(tr("Where replayed, moved or copied messages go: the queue their x-death names, "
                                "a queue, or an exchange with a routing key. To a queue they move in "
                                "transactions (a crash neither loses nor doubles one); to an exchange with "
                                "publisher confirms, one at a time (a crash may leave one in both places)."));
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("remoteTargetName"));
    m_target->setEditable(true);
    m_target->setMinimumContentsLength(16);
    m_routingKey = new QLineEdit(this);
    m_routingKey->setObjectName(QStringLiteral("remoteTargetRoutingKey"));
    m_routingKey->setPlaceholderText(tr("routing key"));
    m_replaySelected = new QPushButton(depotIcon("replay"), tr("Replay selected"), this);
    m_replayAll = new QPushButton(depotIcon("replay"), tr("Replay all"), this);
    m_move = new QPushButton(depotIcon("move"), tr("Move all"), this);
    m_copy = new QPushButton(depotIcon("copy"), tr("Copy all"), this);
    m_purge = new QPushButton(depotIcon("purge"), tr("Purge…"), this);
    actionRow->addWidget(m_filter, 2);
    actionRow->addWidget(new QLabel(tr("to"), this));
    actionRow->addWidget(m_targetKind);
    actionRow->addWidget(m_target, 1);
    actionRow->addWidget(m_routingKey, 1);
    layout->addLayout(actionRow);
    auto *buttonRow = new QHBoxLayout;
    for (QPushButton *b : {m_replaySelected, m_replayAll, m_move, m_copy, m_purge})
        buttonRow->addWidget(b);
    buttonRow->addStretch(1);
    layout->addLayout(buttonRow);

    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("remoteMessagesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    layout->addLayout(progressRow);
    layout->addWidget(m_status);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_list = new QTreeWidget(splitter);
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setHeaderLabels({tr("#"), tr("Routing key"), tr("Redelivered"), tr("Dead letter"), tr("Body")});
    m_list->header()->setStretchLastSection(true);
    m_inspector = new MessageInspector(splitter);
    m_inspector->resendButton()->setVisible(false);
    splitter->addWidget(m_list);
    splitter->addWidget(m_inspector);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_read, &QPushButton::clicked, this, &RemoteMessagesPanel::read);
    connect(m_replaySelected, &QPushButton::clicked, this, &RemoteMessagesPanel::replaySelected);
    connect(m_replayAll, &QPushButton::clicked, this, &RemoteMessagesPanel::replayAll);
    connect(m_move, &QPushButton::clicked, this, &RemoteMessagesPanel::moveAll);
    connect(m_copy, &QPushButton::clicked, this, &RemoteMessagesPanel::copyAll);
    connect(m_purge, &QPushButton::clicked, this, &RemoteMessagesPanel::purge);
    connect(m_cancel, &QPushButton::clicked, m_jobs, &remote::RemoteMessageJobs::cancel);
    connect(m_filter, &QLineEdit::textChanged, this, &RemoteMessagesPanel::updateButtons);
    connect(m_target, &QComboBox::currentTextChanged, this, &RemoteMessagesPanel::updateButtons);
    connect(m_targetKind, &QComboBox::currentIndexChanged, this, [this] {
        fillTargets();
        updateButtons();
    });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &RemoteMessagesPanel::showCurrent);
    connect(m_inspector, &MessageInspector::replayRequested, this, &RemoteMessagesPanel::replaySelected);
    connect(m_jobs, &remote::RemoteMessageJobs::busyChanged, this, &RemoteMessagesPanel::updateButtons);
    connect(m_broker, &remote::RemoteBroker::snapshotUpdated, this, &RemoteMessagesPanel::fillTargets);
    connect(m_jobs, &remote::RemoteMessageJobs::streamRead, this,
        [this](const QList<RemoteMessage> &messages, const QString &error) {
            m_reading = false;
            showMessages(messages);
            if (!error.isEmpty())
                m_status->setText(tr("Reading %1 failed: %2").arg(m_queue, error));
            updateButtons();
            Q_EMIT readFinished();
        });
    connect(m_jobs, &remote::RemoteMessageJobs::transferProgress, this, &RemoteMessagesPanel::onProgress);
    connect(m_jobs, &remote::RemoteMessageJobs::transferFinished, this, &RemoteMessagesPanel::onTransferFinished);
    setQueue({});
}

RemoteMessagesPanel::~RemoteMessagesPanel() = default;

bool RemoteMessagesPanel::isStream() const
{
    const QueueRow *row = m_broker->snapshot()->queue(m_queue);
    return row && row->arguments.value(QStringLiteral("x-queue-type")).toString() == u"stream";
}

void RemoteMessagesPanel::setQueue(const QString &queue)
{
    if (queue == m_queue && !queue.isEmpty())
        return;
    m_queue = queue;
    m_messages.clear();
    m_list->clear();
    m_inspector->showNothing();
    if (queue.isEmpty())
        m_title->setText(tr("Choose a queue on the left to read its messages."));
    else if (isStream())
        m_title->setText(tr("<b>%1</b> is a stream: reading it from an offset changes nothing.").arg(queue.toHtmlEscaped()));
    else
        m_title->setText(tr("<b>%1</b>: reading a classic queue takes its messages and puts them back (Depot asks "
                            "first).").arg(queue.toHtmlEscaped()));
    updateButtons();
}

void RemoteMessagesPanel::updateButtons()
{
    const bool busy = m_jobs->isBusy() || m_reading;
    const bool queue = !m_queue.isEmpty();
    const bool stream = queue && isStream();
    m_offsetLabel->setVisible(stream);
    m_offset->setVisible(stream);
    m_read->setEnabled(queue && !busy);
    const bool transfers = queue && !stream && !busy;
    const int kind = m_targetKind->currentIndex();
    m_target->setVisible(kind != ToOrigin);
    m_routingKey->setVisible(kind == ToExchange);
    // An exchange may route back to the source; a queue must be another.
    const bool chosen = kind == ToExchange ? !chosenTarget().isEmpty()
                                           : !chosenTarget().isEmpty() && chosenTarget() != m_queue;
    m_replaySelected->setEnabled(transfers && !m_list->selectedItems().isEmpty() && (kind == ToOrigin || chosen));
    m_replayAll->setEnabled(transfers && (kind == ToOrigin || chosen));
    m_replayAll->setText(m_filter->text().isEmpty() ? tr("Replay all") : tr("Replay matching"));
    m_move->setEnabled(transfers && chosen);
    m_copy->setEnabled(transfers && chosen);
    m_move->setText(m_filter->text().isEmpty() ? tr("Move all") : tr("Move matching"));
    m_copy->setText(m_filter->text().isEmpty() ? tr("Copy all") : tr("Copy matching"));
    m_purge->setEnabled(transfers);
    if (stream) {
        for (QPushButton *b : {m_replaySelected, m_replayAll, m_move, m_copy, m_purge})
            b->setToolTip(tr("A stream keeps its messages: they cannot be taken off it"));
    }
    m_cancel->setVisible(m_jobs->isBusy());
    m_progress->setVisible(m_jobs->isBusy());
}

QString RemoteMessagesPanel::chosenTarget() const
{
    return m_targetKind->currentIndex() == ToOrigin ? QString() : m_target->currentText().trimmed();
}

void RemoteMessagesPanel::fillTargets()
{
    // The broker's queues or exchanges as they were last listed; any name
    // may be typed as well.
    const QString typed = m_target->currentText();
    QStringList names;
    const auto snapshot = m_broker->snapshot();
    if (m_targetKind->currentIndex() == ToQueue) {
        for (const QueueRow &q : snapshot->queues)
            names << q.name;
    } else if (m_targetKind->currentIndex() == ToExchange) {
        for (const ExchangeDef &e : snapshot->exchanges) {
            if (!m_broker->vhostAndName(e.name).second.isEmpty()) // the default exchange is "Queue"
                names << e.name;
        }
    }
    names.sort();
    QStringList shown;
    for (int i = 0; i < m_target->count(); ++i)
        shown << m_target->itemText(i);
    if (shown == names)
        return; // refilled only when the list changed: typing goes on undisturbed
    const QSignalBlocker block(m_target);
    m_target->clear();
    m_target->addItems(names);
    m_target->setCurrentText(typed);
}

QString RemoteMessagesPanel::queuePath(const QString &suffix) const
{
    const auto [vhost, name] = m_broker->vhostAndName(m_queue);
    return QStringLiteral("/api/queues/") + QString::fromLatin1(QUrl::toPercentEncoding(vhost)) + u'/'
        + QString::fromLatin1(QUrl::toPercentEncoding(name)) + suffix;
}

void RemoteMessagesPanel::ask(
    const QString &objectName, const QString &text, const QString &yes, std::function<void()> then)
{
    // Not modal in the sense of a nested event loop: the window keeps
    // showing the broker while the question is open.
    delete m_question;
    m_question = new QMessageBox(QMessageBox::Question, tr("Depot"), text, QMessageBox::Cancel, this);
    m_question->setObjectName(objectName);
    QPushButton *go = m_question->addButton(yes, QMessageBox::AcceptRole);
    m_question->setDefaultButton(QMessageBox::Cancel);
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_question, &QMessageBox::finished, this, [this, go, then = std::move(then)] {
        const bool accepted = m_question && m_question->clickedButton() == go;
        m_question = nullptr;
        if (accepted)
            then();
    });
    m_question->open();
}

void RemoteMessagesPanel::read()
{
    if (m_queue.isEmpty() || m_jobs->isBusy() || m_reading)
        return;
    if (isStream()) {
        m_reading = true;
        m_status->setText(tr("Reading %1 from offset %2…")
                              .arg(m_queue, m_offset->value() < 0 ? tr("first") : QString::number(m_offset->value())));
        const auto [vhost, name] = m_broker->vhostAndName(m_queue);
        m_jobs->readStream(remote::AmqpSession::Options::fromProfile(m_broker->profile(), m_broker->password(), vhost),
            name, m_offset->value(), m_count->value());
        updateButtons();
        return;
    }
    ask(QStringLiteral("remoteReadQuestion"),
        tr("%1 is a classic queue: RabbitMQ can only show its messages by taking them. Depot reads up to %Ln "
           "message(s) with the management API's get and puts them straight back (requeue): RabbitMQ then marks "
           "them as redelivered, a consumer may see them in another order, and one may be delivered to a consumer "
           "meanwhile.\n\nRead them?", nullptr, m_count->value())
            .arg(m_queue),
        tr("Read and requeue"), [this] { getClassic(); });
}

void RemoteMessagesPanel::getClassic()
{
    m_reading = true;
    updateButtons();
    m_status->setText(tr("Reading %1…").arg(m_queue));
    const QJsonObject body{{QStringLiteral("count"), m_count->value()},
        {QStringLiteral("ackmode"), QStringLiteral("ack_requeue_true")}, {QStringLiteral("encoding"), QStringLiteral("auto")}};
    QNetworkReply *reply = m_broker->sendApi("POST", queuePath(QStringLiteral("/get")),
        QJsonDocument(body).toJson(QJsonDocument::Compact));
    reply->setParent(this);
    const QString queue = m_queue;
    connect(reply, &QNetworkReply::finished, this, [this, reply, queue] {
        reply->deleteLater();
        m_reading = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        if (queue == m_queue) {
            QString error;
            if (status != 200) {
                m_status->setText(tr("%1 refused to read %2: HTTP %3 %4")
                                      .arg(m_broker->profile().managementUrl.authority(), queue)
                                      .arg(status)
                                      .arg(status == 0 ? reply->errorString() : QString::fromUtf8(answer.left(300))));
            } else if (const auto list = remote::parseArray(answer, &error)) {
                const QList<RemoteMessage> messages = remote::messagesFromGetJson(*list, &error);
                showMessages(messages);
                if (!error.isEmpty())
                    m_status->setText(tr("Depot cannot read the messages of %1: %2").arg(queue, error));
            } else {
                m_status->setText(tr("Depot cannot read the messages of %1: %2").arg(queue, error));
            }
        }
        updateButtons();
        Q_EMIT readFinished();
    });
}

void RemoteMessagesPanel::showMessages(const QList<RemoteMessage> &messages)
{
    m_messages = messages;
    m_list->clear();
    const QLocale locale;
    for (const RemoteMessage &m : messages) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(Position, m.streamOffset >= 0 ? locale.toString(m.streamOffset) : locale.toString(m.view.position + 1));
        item->setText(RoutingKey, m.content().routingKey);
        item->setText(Redelivered, m.redelivered ? tr("yes") : tr("no"));
        const DeathHistory &deaths = m.content().deaths;
        if (!deaths.records.isEmpty())
            item->setText(DeadLetter, deathReasonName(deaths.records.first().reason) + u" · " + m.originQueue());
        item->setText(Body, bodyPreview(m.content().body));
    }
    const int redelivered = int(std::count_if(messages.begin(), messages.end(), [](const RemoteMessage &m) {
        return m.redelivered;
    }));
    m_status->setText(isStream()
            ? tr("Read %Ln message(s) from the stream; nothing changed on it.", nullptr, int(messages.size()))
            : tr("Read %Ln message(s) and put them back; %1 were already marked redelivered.", nullptr,
                  int(messages.size())).arg(redelivered));
    if (!messages.isEmpty())
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

void RemoteMessagesPanel::showCurrent()
{
    const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
    if (row < 0 || row >= m_messages.size()) {
        m_inspector->showNothing();
    } else {
        m_inspector->showMessage(m_queue, m_messages.at(row).view);
        // Replay acts on the broker through this panel (a classic queue only).
        m_inspector->replayButton()->setEnabled(
            m_inspector->isDeadLetter() && !isStream() && !m_jobs->isBusy());
    }
    updateButtons();
}

void RemoteMessagesPanel::replaySelected()
{
    TransferJob job;
    for (QTreeWidgetItem *item : m_list->selectedItems()) {
        const int row = m_list->indexOfTopLevelItem(item);
        if (row >= 0 && row < m_messages.size())
            ++job.selection[m_messages.at(row).key];
    }
    if (job.selection.isEmpty())
        return;
    int count = 0;
    for (int n : std::as_const(job.selection))
        count += n;
    startTransfer(job, tr("Replayed %Ln selected message(s)", nullptr, count));
}

void RemoteMessagesPanel::replayAll()
{
    TransferJob job;
    job.filter = m_filter->text();
    startTransfer(job, job.filter.isEmpty() ? tr("Replayed all") : tr("Replayed the matching"));
}

void RemoteMessagesPanel::moveAll()
{
    TransferJob job;
    job.kind = TransferJob::Kind::Move;
    job.filter = m_filter->text();
    startTransfer(job, tr("Moved"));
}

void RemoteMessagesPanel::copyAll()
{
    TransferJob job;
    job.kind = TransferJob::Kind::Copy;
    job.filter = m_filter->text();
    startTransfer(job, tr("Copied"));
}

QString RemoteMessagesPanel::refusingTargetOf(const TransferJob &job, const QString &vhost) const
{
    // The targets: the chosen queue, or (back to their origin) the queues
    // whose dead letters arrive at this one (any queue of the vhost when
    // none is known), as the broker's last snapshot shows them.
    const SnapshotPtr snapshot = m_broker->snapshot();
    if (!snapshot)
        return {};
    const QueueRow *source = snapshot->queue(m_queue);
    const QStringList feeders = source ? source->fedBy : QStringList();
    for (const QueueRow &row : snapshot->queues) {
        const auto [rowVhost, rowName] = m_broker->vhostAndName(row.name);
        if (rowVhost != vhost)
            continue;
        if (job.toOrigin ? !feeders.isEmpty() && !feeders.contains(row.name) : rowName != job.routingKey)
            continue;
        const QString overflow = remote::refusingOverflow(row);
        if (!overflow.isEmpty())
            return QStringLiteral("queue %1 refuses publishes when full (overflow %2), which can apply a "
                                  "transaction in part")
                .arg(rowName, overflow);
    }
    return {};
}

void RemoteMessagesPanel::startTransfer(TransferJob job, const QString &what)
{
    if (m_queue.isEmpty() || m_jobs->isBusy())
        return;
    const auto [vhost, name] = m_broker->vhostAndName(m_queue);
    job.source = name;
    const QString target = chosenTarget();
    if (m_targetKind->currentIndex() == ToExchange && !target.isEmpty()) {
        job.toOrigin = false;
        job.exchange = m_broker->vhostAndName(target).second;
        job.routingKey = m_routingKey->text();
    } else if (!target.isEmpty()) {
        job.toOrigin = false;
        job.exchange.clear();
        job.routingKey = m_broker->vhostAndName(target).second;
    } else if (job.kind != TransferJob::Kind::Replay || m_targetKind->currentIndex() != ToOrigin) {
        return;
    }
    if (job.method == TransferJob::Method::Auto && job.exchange.isEmpty())
        job.confirmsBecause = refusingTargetOf(job, vhost);
    m_transferWhat = what;
    m_lastSummary.reset();
    m_progress->setRange(0, 0);
    m_status->setText(tr("Working on %1…").arg(m_queue));
    m_jobs->startTransfer(
        remote::AmqpSession::Options::fromProfile(m_broker->profile(), m_broker->password(), vhost), job);
    updateButtons();
}

void RemoteMessagesPanel::onProgress(quint64 examined, quint64 done, quint64 total)
{
    if (total > 0) {
        m_progress->setRange(0, int(std::min<quint64>(total, INT_MAX)));
        m_progress->setValue(int(std::min<quint64>(examined, INT_MAX)));
    }
    const QLocale locale;
    m_status->setText(tr("%1: %2 of %3 messages looked at, %4 done — Cancel stops after the batch in hand.")
                          .arg(m_queue, locale.toString(examined), locale.toString(total), locale.toString(done)));
}

void RemoteMessagesPanel::onTransferFinished(const TransferSummary &s)
{
    m_lastSummary = s;
    const QLocale locale;
    QString text = tr("%1: %Ln message(s) confirmed on the target", nullptr, int(std::min<quint64>(s.done, INT_MAX)))
                       .arg(m_transferWhat);
    QStringList left;
    if (s.skipped)
        left << tr("%1 not chosen").arg(locale.toString(s.skipped));
    if (s.noOrigin)
        left << tr("%1 without an x-death origin").arg(locale.toString(s.noOrigin));
    if (s.unroutable && !s.missingQueues.isEmpty())
        left << tr("%1 unroutable (no queue %2: deleted or never there)")
                    .arg(locale.toString(s.unroutable), s.missingQueues.join(QStringLiteral(", ")));
    else if (s.unroutable)
        left << tr("%1 unroutable").arg(locale.toString(s.unroutable));
    if (s.refused)
        left << tr("%1 refused by the broker").arg(locale.toString(s.refused));
    if (!left.isEmpty())
        text += tr("; left in %1: %2").arg(m_queue, left.join(QStringLiteral(", ")));
    if (s.possibleDuplicates)
        text += tr("; %1 may also still be in %2 (a duplicate)").arg(locale.toString(s.possibleDuplicates), m_queue);
    if (!s.note.isEmpty())
        text += tr(" — %1").arg(s.note);
    if (s.cancelled)
        text += tr(" — cancelled");
    if (!s.error.isEmpty())
        text += tr(" — stopped: %1 (nothing unconfirmed was taken off %2)").arg(s.error, m_queue);
    m_status->setText(text + u'.');
    m_messages.clear();
    m_list->clear();
    m_inspector->showNothing();
    updateButtons();
    Q_EMIT transferFinished();
}

void RemoteMessagesPanel::purge()
{
    if (m_queue.isEmpty() || isStream())
        return;
    const QueueRow *row = m_broker->snapshot()->queue(m_queue);
    const quint64 depth = row ? row->ready + row->unacked : 0;
    ask(QStringLiteral("remotePurgeQuestion"),
        tr("Purge %1 on %2? Its %3 ready messages are deleted for good.")
            .arg(m_queue, m_broker->profile().name, QLocale().toString(depth)),
        tr("Purge"), [this] {
            QNetworkReply *reply = m_broker->sendApi("DELETE", queuePath(QStringLiteral("/contents")));
            reply->setParent(this);
            const QString queue = m_queue;
            connect(reply, &QNetworkReply::finished, this, [this, reply, queue] {
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status / 100 == 2) {
                    m_status->setText(tr("Purged %1.").arg(queue));
                    m_messages.clear();
                    m_list->clear();
                    m_inspector->showNothing();
                } else {
                    m_status->setText(tr("%1 refused to purge %2: HTTP %3 %4")
                                          .arg(m_broker->profile().managementUrl.authority(), queue)
                                          .arg(status)
                                          .arg(status == 0 ? reply->errorString() : QString::fromUtf8(reply->readAll().left(300))));
                }
                Q_EMIT purged();
            });
        });
}

} // namespace depot::ui
