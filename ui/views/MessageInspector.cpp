#include "ui/views/MessageInspector.h"

#include "broker/store/PrivateFiles.h"
#include "ui/models/JsonTreeModel.h"
#include "ui/models/RetrySchedule.h"
#include "ui/views/HistoryTimeline.h"
#include "ui/views/JsonText.h"
#include "ui/views/SqsSection.h"
#include "ui/views/WrappedRows.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QColor>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStringDecoder>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <cmath>

namespace depot::ui {

namespace {

QString reasonExplained(const QString &reason)
{
    if (reason == u"rejected")
        return MessageInspector::tr("a consumer rejected it without requeueing");
    if (reason == u"expired")
        return MessageInspector::tr("its time to live ran out");
    if (reason == u"maxlen")
        return MessageInspector::tr("the queue was full");
    if (reason == u"delivery_limit")
        return MessageInspector::tr("it was delivered more often than the queue allows");
    return reason;
}

QTreeWidgetItem *addPair(QTreeWidget *tree, const QString &key, const QString &value)
{
    auto *item = new QTreeWidgetItem(tree, {key, value});
    item->setToolTip(1, value);
    return item;
}

void addVariant(QTreeWidgetItem *parent, QTreeWidget *tree, const QString &key, const QVariant &value)
{
    QTreeWidgetItem *item = parent ? new QTreeWidgetItem(parent, {key}) : new QTreeWidgetItem(tree, {key});
    if (value.metaType().id() == QMetaType::QVariantMap) {
        const QVariantMap map = value.toMap();
        item->setText(1, MessageInspector::tr("{%Ln field(s)}", nullptr, int(map.size())));
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            addVariant(item, tree, it.key(), it.value());
    } else if (value.metaType().id() == QMetaType::QVariantList) {
        const QVariantList list = value.toList();
        item->setText(1, MessageInspector::tr("[%Ln item(s)]", nullptr, int(list.size())));
        for (qsizetype i = 0; i < list.size(); ++i)
            addVariant(item, tree, QStringLiteral("[%1]").arg(i), list.at(i));
    } else {
        item->setText(1, headerValueText(value));
        item->setToolTip(1, item->text(1));
    }
}

} // namespace

QString headerValueText(const QVariant &value)
{
    if (value.canConvert<Decimal>() && value.metaType() == QMetaType::fromType<Decimal>()) {
        const Decimal d = value.value<Decimal>();
        return QLocale::c().toString(double(d.value) / std::pow(10.0, d.scale), 'f', d.scale);
    }
    if (value.metaType() == QMetaType::fromType<RawString>())
        return QString::fromLatin1(value.value<RawString>().bytes.toHex(' '));
    switch (value.metaType().id()) {
    case QMetaType::QDateTime:
        return value.toDateTime().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toHex(' '));
    case QMetaType::QVariantList: {
        QStringList parts;
        for (const QVariant &v : value.toList())
            parts << headerValueText(v);
        return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    case QMetaType::QVariantMap: {
        QStringList parts;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            parts << it.key() + QStringLiteral(": ") + headerValueText(it.value());
        return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    case QMetaType::UnknownType:
        return QStringLiteral("void");
    default:
        return value.toString();
    }
}

QString hexDump(const QByteArray &bytes, qsizetype maxBytes, int bytesPerLine)
{
    QString out;
    const qsizetype n = std::min(bytes.size(), maxBytes);
    out.reserve(n * 5);
    for (qsizetype offset = 0; offset < n; offset += bytesPerLine) {
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = 0; i < bytesPerLine; ++i) {
            if (offset + i < n) {
                const auto c = quint8(bytes.at(offset + i));
                out += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                ascii += (c >= 0x20 && c < 0x7f) ? QChar(char16_t(c)) : QChar(u'.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == 7 && bytesPerLine > 8)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |") + ascii + QStringLiteral("|\n");
    }
    if (n < bytes.size())
        out += MessageInspector::tr("… %Ln more byte(s) not shown", nullptr, int(bytes.size() - n));
    return out;
}

MessageInspector::MessageInspector(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_title = new QLabel(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    auto *top = new QHBoxLayout;
    top->addStretch(1);
    m_replay = new QPushButton(QIcon(QStringLiteral(":/depot/ui/icons/replay.svg")), tr("Replay"), this);
    m_replay->setToolTip(tr("Send this dead letter back to the queue it came from"));
    m_resend = new QPushButton(tr("Edit and resend…"), this);
    m_copy = new QPushButton(tr("Copy body"), this);
    m_save = new QPushButton(tr("Save body…"), this);
    // The retry controls, shown for messages of queues with a retry
    // schedule (x-retry-delays) and for messages waiting for a retry.
    m_retryNow = new QPushButton(tr("Retry now"), this);
    m_retryNow->setObjectName(QStringLiteral("retryNowButton"));
    m_retryNow->setToolTip(tr("Deliver this waiting message now; its attempts so far still count"));
    m_giveUp = new QPushButton(tr("Give up…"), this);
    m_giveUp->setObjectName(QStringLiteral("giveUpButton"));
    m_resetAttempts = new QPushButton(tr("Reset attempts"), this);
    m_resetAttempts->setObjectName(QStringLiteral("resetAttemptsButton"));
    m_resetAttempts->setToolTip(tr("Count its deliveries from zero again: the retry schedule starts over"));
    for (QPushButton *b : {m_replay, m_resend, m_copy, m_save})
        top->addWidget(b);
    m_buttonRow = top;
    // A row of their own: beside the others they would widen the inspector
    // past its place beside the message list.
    auto *retryRow = new QHBoxLayout;
    retryRow->addStretch(1);
    for (QPushButton *b : {m_retryNow, m_giveUp, m_resetAttempts})
        retryRow->addWidget(b);
    layout->addLayout(retryRow);
    layout->addLayout(top);
    connect(m_retryNow, &QPushButton::clicked, this, &MessageInspector::retryNowRequested);
    connect(m_giveUp, &QPushButton::clicked, this, &MessageInspector::giveUpRequested);
    connect(m_resetAttempts, &QPushButton::clicked, this, &MessageInspector::resetAttemptsRequested);
    connect(m_replay, &QPushButton::clicked, this, &MessageInspector::replayRequested);
    connect(m_resend, &QPushButton::clicked, this, &MessageInspector::editAndResendRequested);
    connect(m_copy, &QPushButton::clicked, this, &MessageInspector::copyBody);
    connect(m_save, &QPushButton::clicked, this, &MessageInspector::saveBody);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("inspectorSplitter"));
    m_splitter = splitter;
    layout->addWidget(splitter, 1);

    m_sections = new QTabWidget(splitter);
    const auto makeTree = [this](const QStringList &labels) {
        auto *tree = new QTreeWidget(m_sections);
        tree->setHeaderLabels(labels);
        tree->setRootIsDecorated(true);
        tree->setUniformRowHeights(true);
        tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
        return tree;
    };
    m_properties = makeTree({tr("Property"), tr("Value")});
    m_headers = makeTree({tr("Header"), tr("Value")});
    m_deaths = makeTree({tr("When"), tr("What happened")});
    m_deaths->header()->setStretchLastSection(true);
    wrapRowsAtColumnWidth(m_deaths); // the timeline's text wraps, rows grow to fit
    m_sections->addTab(m_properties, tr("Properties"));
    m_sections->addTab(m_headers, tr("Headers"));
    m_sections->addTab(m_deaths, tr("Dead-letter history"));
    // SQS: the attributes a receive returns, the receive count and first
    // receive, and when an in-flight message becomes visible again. Shown
    // for messages of SQS queues (and messages an SQS client sent).
    m_sqs = new SqsSection(m_sections);
    connect(m_sqs, &SqsSection::visibilityChanged, this, &MessageInspector::visibilityChanged);
    m_sections->addTab(m_sqs, tr("SQS"));
    m_sections->setTabVisible(SqsTab, false);
    // The life story, asked for when the tab is shown (and again for every
    // message shown while it is), never waited for.
    m_history = new HistoryTimeline(m_sections);
    m_history->setObjectName(QStringLiteral("historyTimeline"));
    m_sections->addTab(m_history, tr("History"));
    connect(m_sections, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == HistoryTab)
            requestHistory();
    });
    m_retryTick = new QTimer(this);
    m_retryTick->setInterval(1000);
    connect(m_retryTick, &QTimer::timeout, this, &MessageInspector::updateRetry);

    m_bodyTabs = new QTabWidget(splitter);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    // The Text tab shows the body's bytes as they are; "Pretty" is a view of
    // them, indented, keys in their order, never what is copied, saved or resent.
    auto *textPage = new QWidget(m_bodyTabs);
    auto *textLayout = new QVBoxLayout(textPage);
    textLayout->setContentsMargins(0, 0, 0, 0);
    textLayout->setSpacing(2);
    m_pretty = new QCheckBox(tr("Pretty"), textPage);
    m_pretty->setObjectName(QStringLiteral("prettyToggle"));
    m_pretty->setToolTip(tr("Indent the JSON body for reading; the message itself is unchanged"));
    textLayout->addWidget(m_pretty, 0, Qt::AlignRight);
    m_text = new QPlainTextEdit(textPage);
    m_text->setReadOnly(true);
    m_text->setFont(mono);
    textLayout->addWidget(m_text, 1);
    connect(m_pretty, &QCheckBox::toggled, this, &MessageInspector::showBodyText);
    auto *jsonPage = new QWidget(m_bodyTabs);
    auto *jsonLayout = new QVBoxLayout(jsonPage);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    m_jsonModel = new JsonTreeModel(this);
    m_jsonView = new QTreeView(jsonPage);
    m_jsonView->setModel(m_jsonModel);
    m_jsonView->setUniformRowHeights(true);
    m_jsonView->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_jsonError = new QLabel(jsonPage);
    m_jsonError->setWordWrap(true);
    jsonLayout->addWidget(m_jsonError);
    jsonLayout->addWidget(m_jsonView, 1);
    m_hex = new QPlainTextEdit(m_bodyTabs);
    m_hex->setReadOnly(true);
    m_hex->setFont(mono);
    m_hex->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_hex->viewport()->installEventFilter(this);
    m_bodyTabs->addTab(textPage, tr("Text"));
    m_bodyTabs->addTab(jsonPage, tr("JSON"));
    m_bodyTabs->addTab(m_hex, tr("Hex"));
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    showNothing();
}

MessageInspector::~MessageInspector() = default;

bool MessageInspector::isDeadLetter() const
{
    return m_message && m_message->state.content && m_message->state.content->deaths.hasDied();
}

void MessageInspector::showNothing(const QString &reason)
{
    m_message.reset();
    m_title->setText(reason.isEmpty() ? tr("Select a message to inspect it.") : reason);
    m_properties->clear();
    m_headers->clear();
    m_deaths->clear();
    m_sqs->clearMessage();
    m_retryItem = nullptr;
    m_retryTick->stop();
    for (QPushButton *b : {m_retryNow, m_giveUp, m_resetAttempts}) {
        b->setEnabled(false);
        b->hide();
    }
    m_sections->setTabVisible(SqsTab, false);
    m_history->showNote(QString());
    m_historyShownFor = 0;
    m_sections->setTabText(1, tr("Headers"));
    m_sections->setTabText(2, tr("Dead-letter history"));
    m_text->clear();
    m_rawText.clear();
    m_prettyText.clear();
    m_pretty->setEnabled(false);
    m_hex->clear();
    m_jsonModel->clear();
    m_jsonError->clear();
    for (QPushButton *b : {m_replay, m_resend, m_copy, m_save})
        b->setEnabled(false);
}

void MessageInspector::requestHistory()
{
    if (!m_message || !m_historySource)
        return;
    const MessageId id = m_message->state.id;
    if (m_historyShownFor != id)
        m_history->showNote(tr("Loading the story of message %1…").arg(id));
    m_historyShownFor = id;
    m_historySource(id, m_history, [this, id](std::optional<MessageStory> story, bool historyOn) {
        if (!m_message || m_message->state.id != id)
            return; // another message is shown by now
        if (story)
            m_history->showStory(*story);
        else if (!historyOn)
            m_history->showNote(tr("Depot records no message stories (it runs with --history off)."));
        else
            m_history->showNote(tr("No story is kept for message %1 (it came before history was recorded).").arg(id));
    });
}

void MessageInspector::showMessage(const QString &queue, const MessageView &message)
{
    if (!message.state.content) {
        showNothing(tr("This message's body could not be read."));
        return;
    }
    m_queue = queue;
    m_message = message;
    const QueuedMessage &m = message.state;
    const QLocale locale;
    m_title->setText(
        tr("<b>Message %1</b> in <b>%2</b> · position %3 · %4 · delivered %Ln time(s)%5", nullptr, int(m.deliveryCount))
            .arg(m.id)
            .arg(queue.toHtmlEscaped(), locale.toString(message.position + 1),
                locale.formattedDataSize(m.content->body.size(), 1, QLocale::DataSizeTraditionalFormat),
                message.unacked ? tr(" · <i>unacknowledged</i>") : QString()));
    fillProperties(message);
    QVariantMap headers = m.content->properties.headers.value_or(QVariantMap());
    // History fields a publisher sent in a form the typed records do not
    // hold are still headers it sent: shown as such.
    for (auto it = m.content->deaths.asPublished.cbegin(); it != m.content->deaths.asPublished.cend(); ++it)
        headers.insert(it.key(), it.value());
    fillHeaders(headers);
    fillDeaths(m.content->deaths);
    if (m_sections->currentIndex() == HistoryTab)
        requestHistory();
    fillBody(*m.content);
    const bool dead = isDeadLetter();
    m_replay->setEnabled(dead && !message.unacked);
    m_replay->setToolTip(dead ? tr("Send this dead letter back to the queue it came from")
                              : tr("Only dead letters (with an x-death history) can be replayed to their origin"));
    m_resend->setEnabled(true);
    m_copy->setEnabled(true);
    m_save->setEnabled(true);
    const QList<qint64> delays = m_retryDelaysOf ? m_retryDelaysOf(queue) : QList<qint64>();
    const bool waiting = !message.unacked && RetrySchedule::isWaiting(m.deliveryCount, m.readyAt);
    const bool retryShown = !delays.isEmpty() || waiting;
    for (QPushButton *b : {m_retryNow, m_giveUp, m_resetAttempts})
        b->setVisible(retryShown);
    m_retryNow->setEnabled(waiting);
    m_giveUp->setEnabled(!message.unacked);
    m_resetAttempts->setEnabled(!message.unacked && m.deliveryCount > 0);
    m_giveUp->setToolTip(message.unacked
            ? tr("A consumer holds this message: it settles it")
            : tr("Stop retrying: dead-letter it now (x-death reason delivery_limit), or drop it when the queue has "
                 "no dead-letter exchange"));
    if (message.unacked)
        m_retryNow->setToolTip(tr("A consumer holds this message: it settles it"));
    else
        m_retryNow->setToolTip(waiting ? tr("Deliver this waiting message now; its attempts so far still count")
                                       : tr("Only a message waiting for its next attempt can be retried now"));
    if (dead)
        m_sections->setCurrentWidget(m_deaths);
    else if (m_sections->currentWidget() == m_deaths)
        m_sections->setCurrentWidget(m_properties);   // an empty history says little
    const QString type = m_queueTypeOf ? m_queueTypeOf(queue) : QString();
    const bool sqsQueue = type == u"sqs" || type == u"sqs-fifo";
    const bool sentBySqs = m.content->properties.headers
        && m.content->properties.headers->contains(QStringLiteral("x-sqs-sent-timestamp"));
    if (sqsQueue || sentBySqs) {
        m_sqs->showMessage(message, type == u"sqs-fifo");
        m_sections->setTabVisible(SqsTab, true);
        // What an SQS user looks for first (a dead letter keeps its history
        // in front); a section the user picked is kept.
        if (!dead && m_sections->currentWidget() == m_properties)
            m_sections->setCurrentWidget(m_sqs);
    } else {
        m_sqs->clearMessage();
        if (m_sections->currentIndex() == SqsTab)
            m_sections->setCurrentWidget(m_properties);
        m_sections->setTabVisible(SqsTab, false);
    }
}

void MessageInspector::fillProperties(const MessageView &message)
{
    m_properties->clear();
    const QueuedMessage &m = message.state;
    const MessageContent &c = *m.content;
    const MessageProperties &p = c.properties;
    const QLocale locale;
    const auto time = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    };
    // Its place in the queue's retry schedule first: what a user of retries
    // looks for.
    const QList<qint64> delays = m_retryDelaysOf ? m_retryDelaysOf(m_queue) : QList<qint64>();
    m_retryItem = nullptr;
    if (!message.unacked && RetrySchedule::isWaiting(m.deliveryCount, m.readyAt)) {
        m_retryItem = addPair(m_properties, tr("Retry"), QString());
        updateRetry();
    } else if (!delays.isEmpty()) {
        addPair(m_properties, tr("Retry"),
            tr("%1 of %2 attempts made").arg(locale.toString(m.deliveryCount), locale.toString(delays.size() + 1)));
        m_retryTick->stop();
    } else {
        m_retryTick->stop();
    }
    addPair(m_properties, tr("Message id (Depot)"), QString::number(m.id));
    addPair(m_properties, tr("Exchange"), c.exchange.isEmpty() ? tr("(default)") : c.exchange);
    addPair(m_properties, tr("Routing key"), c.routingKey);
    // Moved, copied, replayed or dead-lettered here: when it first entered
    // Depot, beside when it arrived where it is now.
    addPair(m_properties, tr("Enqueued"),
        c.origin ? tr("first enqueued %1 in %2, here since %3")
                       .arg(time(c.origin->enqueuedAt), c.origin->queue, time(m.enqueuedAt))
                 : time(m.enqueuedAt));
    if (m.expiresAt > 0)
        addPair(m_properties, tr("Expires"), time(m.expiresAt));
    // A message delivered before and waiting is held back by x-retry-delays.
    if (m.readyAt > 0)
        addPair(m_properties, m.deliveryCount > 0 ? tr("Next delivery at") : tr("Delayed until"), time(m.readyAt));
    addPair(m_properties, tr("Deliveries"), locale.toString(m.deliveryCount));
    addPair(m_properties, tr("Redelivered"), m.redelivered ? tr("yes") : tr("no"));
    addPair(m_properties, tr("Persistent"), p.persistent() ? tr("yes") : tr("no"));
    addPair(m_properties, tr("Size"), tr("%Ln byte(s)", nullptr, int(c.body.size())));
    const auto opt = [this](const QString &name, const std::optional<QString> &value) {
        if (value)
            addPair(m_properties, name, *value);
    };
    opt(tr("content_type"), p.contentType);
    opt(tr("content_encoding"), p.contentEncoding);
    if (p.deliveryMode)
        addPair(m_properties, tr("delivery_mode"), QString::number(*p.deliveryMode));
    if (p.priority)
        addPair(m_properties, tr("priority"), QString::number(*p.priority));
    opt(tr("correlation_id"), p.correlationId);
    opt(tr("reply_to"), p.replyTo);
    opt(tr("expiration"), p.expiration);
    opt(tr("message_id"), p.messageId);
    if (p.timestamp)
        addPair(m_properties, tr("timestamp"),
                QDateTime::fromSecsSinceEpoch(*p.timestamp).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    opt(tr("type"), p.type);
    opt(tr("user_id"), p.userId);
    opt(tr("app_id"), p.appId);
    opt(tr("cluster_id"), p.clusterId);
}

QString MessageInspector::retryText() const
{
    return m_retryItem ? m_retryItem->text(1) : QString();
}

void MessageInspector::updateRetry()
{
    if (!m_retryItem || !m_message) {
        m_retryTick->stop();
        return;
    }
    const qint64 now = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
    const QueuedMessage &m = m_message->state;
    const QList<qint64> delays = m_retryDelaysOf ? m_retryDelaysOf(m_queue) : QList<qint64>();
    const QString text = RetrySchedule::attemptText(m.deliveryCount, m.readyAt, int(delays.size()), now)
        + tr(" (at %1)").arg(QDateTime::fromMSecsSinceEpoch(m.readyAt).toString(QStringLiteral("HH:mm:ss")));
    m_retryItem->setText(1, text);
    m_retryItem->setToolTip(1, text);
    if (m.readyAt > now) {
        if (!m_retryTick->isActive())
            m_retryTick->start();
    } else {
        // Its time came while shown: read it again (delivered, or ready).
        if (m_retryTick->isActive())
            QTimer::singleShot(0, this, &MessageInspector::visibilityChanged);
        m_retryTick->stop();
    }
}

void MessageInspector::setClock(std::function<qint64()> clock)
{
    m_sqs->setClock(clock);
    m_clock = std::move(clock);
}

QTreeWidget *MessageInspector::sqsTree() const
{
    return m_sqs;
}

QString MessageInspector::visibilityText() const
{
    return m_sqs->visibilityText();
}

void MessageInspector::fillHeaders(const QVariantMap &headers)
{
    m_headers->clear();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        addVariant(nullptr, m_headers, it.key(), it.value());
    m_sections->setTabText(1, tr("Headers (%1)").arg(headers.size()));
}

void MessageInspector::fillDeaths(const DeathHistory &history)
{
    m_deaths->clear();
    const QList<DeathRecord> &deaths = history.records;
    // Records are newest first; a timeline reads oldest first, top to bottom.
    for (qsizetype i = deaths.size() - 1; i >= 0; --i) {
        const DeathRecord &d = deaths.at(i);
        const QString reason = deathReasonName(d.reason);
        const QString when = headerValueText(QDateTime::fromSecsSinceEpoch(d.timeMs / 1000, Qt::UTC));
        auto *item = new QTreeWidgetItem(m_deaths);
        item->setText(0, when);
        item->setText(
            1, tr("%1 in %2, %Ln time(s):\n%3", nullptr, int(d.count)).arg(reason, d.queue, reasonExplained(reason)));
        item->setToolTip(1, item->text(1));
        item->setIcon(0, QIcon(QStringLiteral(":/depot/ui/icons/dead-letter.svg")));
        auto *detail = new QTreeWidgetItem(item);
        detail->setText(0, tr("published to"));
        detail->setText(1, tr("exchange %1 with routing key %2")
                               .arg(d.exchange.isEmpty() ? tr("(default)") : d.exchange,
                                    d.routingKeys.join(QStringLiteral(", "))));
        if (d.count > 1) {
            // One record per (queue, reason): a count above one means it went
            // back there (replayed, retried) and died the same way again,
            // which the single line read as one event.
            auto *again = new QTreeWidgetItem(item);
            again->setText(0, tr("again"));
            again->setText(1,
                d.reason == DeathReason::Expired
                    ? tr("sent back to %1 (replayed or retried), then expired again, %Ln time(s) in all: "
                         "its time to live there ran out before a consumer took it",
                        nullptr, int(d.count))
                          .arg(d.queue)
                    : tr("sent back to %1 (replayed or retried), then %2 again, %Ln time(s) in all", nullptr,
                        int(d.count))
                          .arg(d.queue, reason));
            again->setToolTip(1, again->text(1));
            again->setForeground(1, QColor(0xd0, 0x3a, 0x2f));
        }
        if (d.originalExpiration) {
            auto *ttl = new QTreeWidgetItem(item);
            ttl->setText(0, tr("original expiration"));
            ttl->setText(1, tr("%1 ms").arg(*d.originalExpiration));
        }
        item->setExpanded(true);
    }
    if (deaths.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_deaths);
        item->setText(1, tr("Never dead-lettered."));
    }
    m_sections->setTabText(2, deaths.isEmpty() ? tr("Dead-letter history")
                                               : tr("Dead-letter history (%1)").arg(deaths.size()));
}

void MessageInspector::showBodyText()
{
    const QString &shown = m_pretty->isChecked() && !m_prettyText.isEmpty() ? m_prettyText : m_rawText;
    if (m_text->toPlainText() != shown)
        m_text->setPlainText(shown);
}

void MessageInspector::fillBody(const MessageContent &content)
{
    const QByteArray &body = content.body;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(body);
    const bool isText = !decoder.hasError();
    QString jsonError;
    const bool isJson = m_jsonModel->setJson(body, &jsonError);
    if (isJson) {
        m_jsonView->expandToDepth(1);
        m_jsonError->hide();
    } else {
        m_jsonError->setText(jsonError);
        m_jsonError->show();
    }
    m_rawText = isText ? text : tr("(binary body: see the Hex tab)");
    m_prettyText = isJson && isText ? prettyJson(text) : QString();
    m_pretty->setEnabled(!m_prettyText.isEmpty());
    showBodyText();
    fillHex();
    if (isJson)
        m_bodyTabs->setCurrentIndex(1);
    else if (!isText)
        m_bodyTabs->setCurrentIndex(2);
    else
        m_bodyTabs->setCurrentIndex(0);
}

void MessageInspector::copyBody()
{
    if (!m_message)
        return;
    const QByteArray &body = m_message->state.content->body;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(body);
    QApplication::clipboard()->setText(decoder.hasError() ? QString::fromLatin1(body.toHex(' ')) : text);
}

void MessageInspector::addButton(QAbstractButton *button)
{
    m_buttonRow->addWidget(button);
}

void MessageInspector::saveBody()
{
    if (!m_message)
        return;
    const QString suggested = QStringLiteral("message-%1%2").arg(m_message->state.id).arg(
        m_message->state.content->properties.contentType.value_or(QString()).contains(QStringLiteral("json"))
            ? QStringLiteral(".json")
            : QStringLiteral(".bin"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save message body"), suggested);
    if (path.isEmpty())
        return;
    // Message bodies are private data (docs/security.md): owner-only.
    QString error;
    if (!store::writePrivateFile(path, m_message->state.content->body, &error))
        QMessageBox::warning(this, tr("Save message body"), tr("Could not write %1: %2").arg(path, error));
}

void MessageInspector::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Beside each other the two halves need room for the section tabs
    // ("Properties", "Headers (n)", "Dead-letter history (n)") and a readable
    // body; narrower (the default 1280 px window with the queue list beside)
    // the sections go above the body.
    const Qt::Orientation wanted = width() >= SideBySideMinWidth ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() != wanted) {
        m_splitter->setOrientation(wanted);
        const int extent = wanted == Qt::Horizontal ? m_splitter->width() : m_splitter->height();
        m_splitter->setSizes({extent / 2, extent - extent / 2});
    }
}

namespace {

// A 16-byte line is 78 characters: in the inspector beside the list (the
// default window) its text column was cut off. Where it does not fit, 8
// bytes a line (45 characters).
int hexBytesPerLine(const QPlainTextEdit *view)
{
    const QFontMetrics metrics(view->font());
    const int room = view->viewport()->width() - 2 * int(view->document()->documentMargin());
    return metrics.horizontalAdvance(QString(78, u'0')) <= room ? 16 : 8;
}

} // namespace

void MessageInspector::fillHex()
{
    const int perLine = hexBytesPerLine(m_hex);
    m_hexBytesPerLine = perLine;
    if (!m_message || !m_message->state.content) {
        m_hex->clear();
        return;
    }
    m_hex->setPlainText(hexDump(m_message->state.content->body, 64 * 1024, perLine));
}

bool MessageInspector::eventFilter(QObject *watched, QEvent *event)
{
    if (m_hex && watched == m_hex->viewport() && event->type() == QEvent::Resize) {
        if (hexBytesPerLine(m_hex) != m_hexBytesPerLine)
            fillHex();
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace depot::ui
