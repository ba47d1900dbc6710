#include "ui/views/MainWindow.h"

#include "broker/BrokerService.h"
#include "ui/Theme.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/models/TopologyModels.h"
#include "ui/views/ChartsView.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/PublishDialog.h"
#include "ui/views/QuickStartPanel.h"
#include "ui/views/CountDelegate.h"
#include "ui/views/SparklineDelegate.h"

#include <QAction>
#include <QActionGroup>
#include <QDateTime>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFrame>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace depot::ui {

namespace {

// The window's width on a first start (later ones restore the user's).
constexpr int DefaultWidth = 1280;

QIcon icon(const char *name)
{
    return QIcon(QStringLiteral(":/depot/ui/icons/%1.svg").arg(QLatin1String(name)));
}

QTableView *makeTable(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    view->setShowGrid(false);
    return view;
}

QString rate(double perSecond)
{
    return QLocale().toString(perSecond, 'f', perSecond < 10 ? 1 : 0);
}

// A coloured bar across the top of the window: alarms, start problems.
QFrame *makeBanner(QWidget *parent, const char *objectName, const QString &background)
{
    auto *banner = new QFrame(parent);
    banner->setObjectName(QLatin1String(objectName));
    banner->setAutoFillBackground(true);
    banner->setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border-radius: 4px; }"
                                         "QFrame#%1 QLabel { color: white; }")
                              .arg(QLatin1String(objectName), background));
    banner->hide();
    return banner;
}

// Is `port` free on `address`? Binds and releases it at once.
bool portIsFree(const QHostAddress &address, quint16 port)
{
    QTcpServer server;
    return server.listen(address, port);
}

// The first free port after `taken` (the next few, then any the system picks);
// 0 when none could be found. Never call it on the GUI thread: binding may block.
quint16 findFreePort(const QHostAddress &address, quint16 taken, const QList<quint16> &avoid)
{
    for (int candidate = taken + 1; candidate <= std::min(65535, taken + 50); ++candidate) {
        if (!avoid.contains(quint16(candidate)) && portIsFree(address, quint16(candidate)))
            return quint16(candidate);
    }
    QTcpServer server;
    return server.listen(address, 0) ? server.serverPort() : 0;
}

} // namespace

MainWindow::MainWindow(BrokerService *service, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
{
    setWindowTitle(tr("Depot"));
    setWindowIcon(QIcon(QStringLiteral(":/depot/ui/depot.svg")));
    setObjectName(QStringLiteral("depotMainWindow"));

    m_client = new BrokerClient(service, this);
    buildActions();
    buildCentral();
    buildMenus();
    buildStatusBar();
    buildTray();

    connect(m_client, &BrokerClient::snapshotUpdated, this, &MainWindow::onSnapshot);
    connect(m_client, &BrokerClient::brokerStateChanged, this, &MainWindow::onBrokerStateChanged);
    connect(m_client, &BrokerClient::transferProgress, this, &MainWindow::onTransferProgress);
    connect(m_client, &BrokerClient::transferFinished, this, &MainWindow::onTransferFinished);
    connect(service, &BrokerService::startFailed, this, &MainWindow::onStartFailed);

    resize(DefaultWidth, 800);
    restoreLayout();
    // Quitting without closing the window (SIGTERM/SIGINT, Quit from the
    // tray, the session ending) keeps the layout too.
    connect(qApp, &QCoreApplication::aboutToQuit, this, &MainWindow::saveLayout);
    onBrokerStateChanged();
    updateActions();
}

MainWindow::~MainWindow() = default;

QAction *MainWindow::action(const QString &objectName) const
{
    return m_actions.value(objectName);
}

void MainWindow::buildActions()
{
    const auto add = [this](const char *name, const QIcon &ic, const QString &text, const QKeySequence &key,
                            std::function<void()> slot) {
        auto *a = new QAction(ic, text, this);
        a->setObjectName(QLatin1String(name));
        if (!key.isEmpty())
            a->setShortcut(key);
        connect(a, &QAction::triggered, this, [slot] { slot(); });
        m_actions.insert(QLatin1String(name), a);
        return a;
    };
    add("publish", icon("publish"), tr("&Publish message…"), QKeySequence(Qt::CTRL | Qt::Key_P), [this] { publish(); });
    add("quit", {}, tr("&Quit"), QKeySequence::Quit, [this] { close(); });
    auto *demo = add("demo", icon("demo"), tr("Run &demo traffic"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] {
        if (m_demoRunning)
            stopDemo();
        else
            runDemo();
    });
    demo->setCheckable(true);
    add("find", {}, tr("&Find…"), QKeySequence::Find, [this] {
        // Ctrl+F filters what has focus: messages when the browser is in use, else queues.
        if (m_tabs->currentIndex() == MessagesTab && !m_currentQueue.isEmpty()
            && (m_messageView->hasFocus() || m_messageFilter->hasFocus() || m_inspector->isAncestorOf(focusWidget()))) {
            m_messageFilter->setFocus();
            m_messageFilter->selectAll();
        } else {
            m_queueFilter->setFocus();
            m_queueFilter->selectAll();
        }
    });
    add("copyBody", {}, tr("&Copy message body"), {}, [this] { m_inspector->copyBody(); });
    add("saveBody", {}, tr("&Save message body…"), QKeySequence::Save, [this] { m_inspector->saveBody(); });
    add("replay", icon("replay"), tr("&Replay selected dead letters"), QKeySequence(Qt::CTRL | Qt::Key_R),
        [this] { replay(Scope::Selected); });
    add("replayAll", {}, tr("Replay &all dead letters in this queue…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        [this] { replay(Scope::All); });
    add("replayMatching", {}, tr("Replay dead letters &matching the filter…"), {},
        [this] { replay(Scope::MatchingFilter); });
    add("move", icon("move"), tr("&Move to queue…"), QKeySequence(Qt::CTRL | Qt::Key_M),
        [this] { transfer(TransferSpec::Mode::Move); });
    add("copy", {}, tr("C&opy to queue…"), {}, [this] { transfer(TransferSpec::Mode::Copy); });
    add("delete", icon("delete"), tr("&Delete selected messages…"), QKeySequence::Delete, [this] { deleteSelected(); });
    add("purge", icon("purge"), tr("P&urge queue…"), {}, [this] { purgeQueue(); });
    add("resend", {}, tr("&Edit and resend…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { editAndResend(); });
    add("refresh", icon("refresh"), tr("Re&fresh"), QKeySequence::Refresh, [this] { refresh(); });
    add("closeConnection", {}, tr("C&lose connection…"), {}, [this] { closeSelectedConnection(); });
    add("quickStart", {}, tr("&Quick start"), QKeySequence::HelpContents,
        [this] { m_tabs->setCurrentIndex(QuickStartTab); });
    add("about", {}, tr("&About Depot"), {}, [this] {
        QMessageBox::about(this, tr("About Depot"),
                           tr("<h3>Depot %1</h3><p>A desktop message broker you can see into.</p>"
                              "<p>AMQP 0-9-1 compatible with RabbitMQ clients.</p>")
                               .arg(QStringLiteral(DEPOT_VERSION)));
    });
    // The message actions act on the browser's table: Delete must not fire
    // while typing in a filter box.
    m_actions.value(QStringLiteral("delete"))->setShortcutContext(Qt::WidgetWithChildrenShortcut);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("publish")));
    file->addAction(action(QStringLiteral("demo")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("saveBody")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(action(QStringLiteral("find")));
    edit->addAction(action(QStringLiteral("copyBody")));

    QMenu *message = menuBar()->addMenu(tr("&Messages"));
    for (const char *name : {"replay", "replayAll", "replayMatching"})
        message->addAction(action(QLatin1String(name)));
    message->addSeparator();
    for (const char *name : {"move", "copy", "resend"})
        message->addAction(action(QLatin1String(name)));
    message->addSeparator();
    message->addAction(action(QStringLiteral("delete")));
    message->addAction(action(QStringLiteral("purge")));
    message->addSeparator();
    message->addAction(action(QStringLiteral("closeConnection")));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(action(QStringLiteral("refresh")));
    QMenu *theme = view->addMenu(tr("&Theme"));
    m_themeGroup = new QActionGroup(this);
    const std::pair<ThemeMode, QString> themes[] = {
        {ThemeMode::System, tr("Follow &system")}, {ThemeMode::Light, tr("&Light")}, {ThemeMode::Dark, tr("&Dark")}};
    for (const auto &[mode, label] : themes) {
        QAction *a = theme->addAction(label);
        a->setCheckable(true);
        a->setData(themeKey(mode));
        a->setObjectName(QStringLiteral("theme-") + themeKey(mode));
        m_themeGroup->addAction(a);
        m_actions.insert(a->objectName(), a);
        connect(a, &QAction::triggered, this, [mode] { applyTheme(mode); });
    }
    view->addSeparator();
    const QStringList tabNames = {tr("&Messages"), tr("&Exchanges"), tr("&Connections"), tr("C&harts"),
                                  tr("&Quick start")};
    for (int i = 0; i < tabNames.size(); ++i) {
        QAction *a = view->addAction(tabNames.at(i));
        a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("quickStart")));
    help->addAction(action(QStringLiteral("about")));

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(18, 18));
    for (const char *name : {"publish", "replay", "move", "delete", "purge", "refresh"})
        toolbar->addAction(action(QLatin1String(name)));
    toolbar->addSeparator();
    toolbar->addAction(action(QStringLiteral("demo")));
}

void MainWindow::buildCentral()
{
    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));

    // ---- queues ----
    auto *queuePanel = new QWidget(m_mainSplitter);
    auto *queueLayout = new QVBoxLayout(queuePanel);
    queueLayout->setContentsMargins(6, 6, 0, 6);
    m_queueFilter = new QLineEdit(queuePanel);
    m_queueFilter->setPlaceholderText(tr("Filter queues (Ctrl+F)"));
    m_queueFilter->setClearButtonEnabled(true);
    queueLayout->addWidget(m_queueFilter);
    m_queueModel = new QueueListModel(this);
    m_queueProxy = new QSortFilterProxyModel(this);
    m_queueProxy->setSourceModel(m_queueModel);
    m_queueProxy->setSortRole(QueueListModel::SortRole);
    m_queueProxy->setFilterRole(QueueListModel::QueueNameRole);
    m_queueProxy->setFilterKeyColumn(QueueListModel::Name);
    m_queueProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_queueProxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_queueProxy->setDynamicSortFilter(true);
    connect(m_queueFilter, &QLineEdit::textChanged, m_queueProxy, &QSortFilterProxyModel::setFilterFixedString);
    m_queueView = makeTable(queuePanel);
    m_queueView->setObjectName(QStringLiteral("queueView"));
    m_queueView->setModel(m_queueProxy);
    m_queueView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_queueView->setSortingEnabled(true);
    m_queueView->sortByColumn(QueueListModel::Name, Qt::AscendingOrder);
    m_queueView->setItemDelegateForColumn(QueueListModel::Depth,
                                          new SparklineDelegate(QueueListModel::DepthHistoryRole, m_queueView));
    // The counts and rates change at every snapshot under load: drawn from prepared texts.
    auto *counts = new CountDelegate(m_queueView);
    for (int c = QueueListModel::Ready; c <= QueueListModel::OutRate; ++c)
        m_queueView->setItemDelegateForColumn(c, counts);
    // Numbers get what their header (in the user's language) or a six-digit
    // count needs, no more, so the dead-letter column stays in view; it
    // stretches and elides in the middle, its tooltip has the whole text.
    {
        QHeaderView *header = m_queueView->horizontalHeader();
        const QFontMetrics fm(header->font());
        const int digits = fm.horizontalAdvance(QStringLiteral("00,000")) + 14;
        header->resizeSection(QueueListModel::Name, fm.horizontalAdvance(QStringLiteral("payments.dlq")) + 36);
        for (int c = QueueListModel::Ready; c <= QueueListModel::OutRate; ++c) {
            const QString label = m_queueModel->headerData(c, Qt::Horizontal).toString();
            header->resizeSection(c, std::max(digits, fm.horizontalAdvance(label) + 12));
        }
        header->resizeSection(QueueListModel::Depth, 64);
        header->setMinimumSectionSize(40);
        m_queueView->setTextElideMode(Qt::ElideMiddle);
        // The link column shows a typical "<- fed by payments" whole; the
        // splitter below gives the list room for every column.
        const QString typicalLink = QueueListModel::tr("← fed by %1").arg(QStringLiteral("payments"));
        header->resizeSection(QueueListModel::DeadLetterLink, fm.horizontalAdvance(typicalLink) + 24);
        m_queueListWidth = header->length() + m_queueView->verticalScrollBar()->sizeHint().width()
            + 2 * m_queueView->frameWidth() + 8;
    }
    queueLayout->addWidget(m_queueView, 1);
    connect(m_queueView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onQueueSelectionChanged);

    // ---- right side ----
    m_tabs = new QTabWidget(m_mainSplitter);
    m_tabs->setDocumentMode(true);

    auto *messagesPage = new QWidget(m_tabs);
    auto *messagesLayout = new QVBoxLayout(messagesPage);
    messagesLayout->setContentsMargins(6, 6, 6, 6);
    // The queue's title and count on a row of their own: beside the filter
    // they left it ~80 px at the default window size.
    auto *titleRow = new QHBoxLayout;
    m_queueTitle = new QLabel(messagesPage);
    m_queueTitle->setTextFormat(Qt::RichText);
    m_queueTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);   // a long name is cut, not the pane widened
    titleRow->addWidget(m_queueTitle, 1);
    messagesLayout->addLayout(titleRow);
    auto *filterRow = new QHBoxLayout;
    m_messageFilter = new QLineEdit(messagesPage);
    m_messageFilter->setPlaceholderText(tr("Filter messages by body and headers, Enter to search"));
    m_messageFilter->setClearButtonEnabled(true);
    filterRow->addWidget(m_messageFilter, 1);
    m_regex = new QCheckBox(tr("Regex"), messagesPage);
    m_caseSensitive = new QCheckBox(tr("Match case"), messagesPage);
    filterRow->addWidget(m_regex);
    filterRow->addWidget(m_caseSensitive);
    m_scanProgress = new QProgressBar(messagesPage);
    m_scanProgress->setMaximumWidth(160);
    m_scanProgress->setFormat(tr("%p% scanned"));
    m_scanProgress->hide();
    filterRow->addWidget(m_scanProgress);
    m_scanCancel = new QToolButton(messagesPage);
    m_scanCancel->setText(tr("Stop"));
    m_scanCancel->hide();
    filterRow->addWidget(m_scanCancel);
    m_messageCount = new QLabel(messagesPage);
    titleRow->addWidget(m_messageCount);
    messagesLayout->addLayout(filterRow);
    connect(m_messageFilter, &QLineEdit::returnPressed, this, &MainWindow::applyMessageFilter);
    connect(m_messageFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && m_messageModel->isFiltered())
            applyMessageFilter();
    });
    connect(m_regex, &QCheckBox::toggled, this, &MainWindow::applyMessageFilter);
    connect(m_caseSensitive, &QCheckBox::toggled, this, &MainWindow::applyMessageFilter);

    m_messageSplitter = new QSplitter(Qt::Vertical, messagesPage);
    m_messageSplitter->setObjectName(QStringLiteral("messageSplitter"));
    m_messageModel = new MessageListModel(m_client, this);
    m_messageView = makeTable(m_messageSplitter);
    m_messageView->setObjectName(QStringLiteral("messageView"));
    m_messageView->setModel(m_messageModel);
    m_messageView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_messageView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_messageView->horizontalHeader()->resizeSection(MessageListModel::Position, 70);
    m_messageView->horizontalHeader()->resizeSection(MessageListModel::Enqueued, 170);
    m_messageView->horizontalHeader()->resizeSection(MessageListModel::Size, 70);
    m_messageView->horizontalHeader()->resizeSection(MessageListModel::Deliveries, 75);
    m_messageView->horizontalHeader()->resizeSection(MessageListModel::RoutingKey, 130);
    m_messageView->horizontalHeader()->resizeSection(MessageListModel::ContentType, 120);
    m_messageView->horizontalHeader()->resizeSection(MessageListModel::DeadLetter, 150);
    for (const char *name : {"replay", "move", "copy", "resend", "delete"})
        m_messageView->addAction(action(QLatin1String(name)));
    connect(m_messageView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onMessageCurrentChanged);
    connect(m_messageView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onMessageSelectionChanged);
    connect(m_messageModel, &MessageListModel::pageLoaded, this, [this](int first, int last) {
        followSelection();
        if (m_inspectedId != 0) {
            followInspectedMessage(first, last);
            return;
        }
        // The current row's message has just arrived.
        const int current = m_messageView->currentIndex().row();
        if (current >= first && current <= last)
            onMessageCurrentChanged();
    });
    // A filter's matches are scanned again when the queue moves (the model
    // resets and the matches come back in chunks): keep the inspected message
    // through the reset and find its row among the new matches.
    connect(m_messageModel, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        if (m_inspectedId != 0 && m_messageModel->isFiltered())
            m_followingMessage = true;
    });
    connect(m_messageModel, &QAbstractItemModel::modelReset, this, [this] { m_followingMessage = false; });
    connect(m_messageModel, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (!m_messageModel->isFiltered())
            return;
        followSelection();
        if (m_inspectedId != 0)
            followInspectedMessage(first, last);
    });
    connect(m_messageModel, &MessageListModel::scanProgress, this,
            [this](quint64 scanned, quint64 total, quint64 matches) {
                m_scanProgress->show();
                m_scanCancel->show();
                m_scanProgress->setRange(0, 1000);
                m_scanProgress->setValue(total ? int(scanned * 1000 / total) : 1000);
                m_messageCount->setText(tr("%1 matches").arg(QLocale().toString(matches)));
            });
    connect(m_messageModel, &MessageListModel::scanFinished, this, [this](quint64 matches, bool truncated) {
        if (m_inspectedId != 0 && m_messageModel->loadedRowOf(m_inspectedId) < 0)
            locateInspectedMessage();   // not among the matches any more: has it left the queue?
        m_scanProgress->hide();
        m_scanCancel->hide();
        m_messageCount->setText(truncated ? tr("first %1 matches").arg(QLocale().toString(matches))
                                          : tr("%1 matches").arg(QLocale().toString(matches)));
        updateActions();
    });
    connect(m_scanCancel, &QToolButton::clicked, m_messageModel, &MessageListModel::cancelScan);

    m_inspector = new MessageInspector(m_messageSplitter);
    connect(m_inspector, &MessageInspector::replayRequested, this, [this] {
        if (const auto &m = m_inspector->message()) {
            TransferSpec spec;
            spec.source = m_inspector->queue();
            spec.ids = {m->state.id};
            startTransfer(spec, tr("Replaying"));
        }
    });
    connect(m_inspector, &MessageInspector::editAndResendRequested, this, &MainWindow::editAndResend);
    m_messageSplitter->setStretchFactor(0, 1);
    m_messageSplitter->setStretchFactor(1, 1);
    messagesLayout->addWidget(m_messageSplitter, 1);
    m_tabs->addTab(messagesPage, icon("messages"), tr("Messages"));

    m_bindingModel = new BindingListModel(this);
    m_bindingView = makeTable(m_tabs);
    auto *bindingProxy = new QSortFilterProxyModel(this);
    bindingProxy->setSourceModel(m_bindingModel);
    m_bindingView->setModel(bindingProxy);
    m_bindingView->setSortingEnabled(true);
    m_bindingView->sortByColumn(BindingListModel::Exchange, Qt::AscendingOrder);
    m_bindingView->horizontalHeader()->resizeSection(BindingListModel::Exchange, 160);
    m_bindingView->horizontalHeader()->resizeSection(BindingListModel::Features, 140);
    m_bindingView->horizontalHeader()->resizeSection(BindingListModel::Destination, 180);
    m_bindingView->horizontalHeader()->resizeSection(BindingListModel::RoutingKey, 160);
    m_tabs->addTab(m_bindingView, icon("exchange"), tr("Exchanges"));

    m_consumerModel = new ConsumerListModel(this);
    m_consumerView = makeTable(m_tabs);
    auto *consumerProxy = new QSortFilterProxyModel(this);
    consumerProxy->setSourceModel(m_consumerModel);
    m_consumerView->setModel(consumerProxy);
    m_consumerView->setSortingEnabled(true);
    m_consumerView->sortByColumn(ConsumerListModel::Connection, Qt::AscendingOrder);
    m_consumerView->horizontalHeader()->resizeSection(ConsumerListModel::Connection, 180);
    m_consumerView->setObjectName(QStringLiteral("consumerView"));
    m_consumerView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_consumerView->addAction(action(QStringLiteral("closeConnection")));
    connect(m_consumerView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);

    // Each connection's channels, below its consumers.
    m_channelModel = new ChannelListModel(this);
    auto *connectionsPage = new QSplitter(Qt::Vertical, m_tabs);
    connectionsPage->setObjectName(QStringLiteral("connectionsSplitter"));
    m_consumerView->setParent(connectionsPage);
    connectionsPage->addWidget(m_consumerView);
    auto *channelsPanel = new QWidget(connectionsPage);
    auto *channelsLayout = new QVBoxLayout(channelsPanel);
    channelsLayout->setContentsMargins(0, 4, 0, 0);
    auto *channelsTitle = new QLabel(tr("<b>Channels</b>"), channelsPanel);
    channelsLayout->addWidget(channelsTitle);
    m_channelView = makeTable(channelsPanel);
    m_channelView->setObjectName(QStringLiteral("channelView"));
    auto *channelProxy = new QSortFilterProxyModel(this);
    channelProxy->setSourceModel(m_channelModel);
    channelProxy->setSortRole(ChannelListModel::SortRole);
    m_channelView->setModel(channelProxy);
    m_channelView->setSortingEnabled(true);
    m_channelView->sortByColumn(ChannelListModel::Connection, Qt::AscendingOrder);
    m_channelView->horizontalHeader()->resizeSection(ChannelListModel::Connection, 160);
    for (int c = ChannelListModel::Channel; c < ChannelListModel::ColumnCount; ++c) {
        const QString label = m_channelModel->headerData(c, Qt::Horizontal).toString();
        const int words = m_channelView->fontMetrics().horizontalAdvance(QStringLiteral("unlimited")) + 10;
        m_channelView->horizontalHeader()->resizeSection(
            c, std::max(c <= ChannelListModel::ConsumerPrefetch ? words : 40,
                        m_channelView->fontMetrics().horizontalAdvance(label) + 14));
    }
    channelsLayout->addWidget(m_channelView, 1);
    connectionsPage->addWidget(channelsPanel);
    // Selecting a connection above shows its channels first below.
    connect(m_consumerView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, consumerProxy](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                const ConnectionId id = m_consumerModel->rowAt(consumerProxy->mapToSource(current).row()).connection.id;
                for (int r = 0; r < m_channelView->model()->rowCount(); ++r) {
                    const QModelIndex index = m_channelView->model()->index(r, 0);
                    const int source = static_cast<QSortFilterProxyModel *>(m_channelView->model())->mapToSource(index).row();
                    if (m_channelModel->rowAt(source).connection == id) {
                        m_channelView->scrollTo(index, QAbstractItemView::PositionAtTop);
                        m_channelView->selectionModel()->setCurrentIndex(
                            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                        break;
                    }
                }
            });
    m_tabs->addTab(connectionsPage, icon("connection"), tr("Connections"));

    m_charts = new ChartsView(m_client, m_tabs);
    m_tabs->addTab(m_charts, icon("chart"), tr("Charts"));

    m_quickStart = new QuickStartPanel(m_tabs);
    m_quickStart->setDemoAction(action(QStringLiteral("demo")));
    m_tabs->addTab(m_quickStart, icon("start"), tr("Quick start"));
    // A tab's tables are brought up to the latest snapshot as it is shown.
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::refreshShownTables);

    m_mainSplitter->addWidget(queuePanel);
    m_mainSplitter->addWidget(m_tabs);
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({m_queueListWidth, std::max(400, DefaultWidth - m_queueListWidth)});

    // Banners above everything: raised alarms, and a port offer after a failed start.
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_alarmBanner = makeBanner(central, "alarmBanner", QStringLiteral("#b3261e"));
    auto *alarmLayout = new QHBoxLayout(m_alarmBanner);
    alarmLayout->setContentsMargins(10, 6, 10, 6);
    m_alarmText = new QLabel(m_alarmBanner);
    m_alarmText->setObjectName(QStringLiteral("alarmText"));
    m_alarmText->setWordWrap(true);
    m_alarmText->setTextFormat(Qt::RichText);
    m_alarmText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    alarmLayout->addWidget(m_alarmText, 1);

    m_portOffer = makeBanner(central, "portOffer", QStringLiteral("#a15c00"));
    auto *offerLayout = new QHBoxLayout(m_portOffer);
    offerLayout->setContentsMargins(10, 6, 10, 6);
    m_portOfferText = new QLabel(m_portOffer);
    m_portOfferText->setWordWrap(true);
    m_portOfferText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    offerLayout->addWidget(m_portOfferText, 1);
    m_portOfferButton = new QPushButton(m_portOffer);
    m_portOfferButton->setObjectName(QStringLiteral("portOfferButton"));
    m_portOfferButton->hide();
    offerLayout->addWidget(m_portOfferButton);

    auto *bannerBox = new QVBoxLayout;
    bannerBox->setContentsMargins(6, 6, 6, 0);
    bannerBox->setSpacing(4);
    bannerBox->addWidget(m_alarmBanner);
    bannerBox->addWidget(m_portOffer);
    centralLayout->addLayout(bannerBox);
    centralLayout->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);
}

void MainWindow::buildStatusBar()
{
    m_stateLabel = new QLabel(this);
    m_portsLabel = new QLabel(this);
    m_portsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totalsLabel = new QLabel(this);
    m_transferProgress = new QProgressBar(this);
    m_transferProgress->setMaximumWidth(220);
    m_transferProgress->hide();
    m_transferCancel = new QToolButton(this);
    m_transferCancel->setText(tr("Cancel"));
    m_transferCancel->hide();
    connect(m_transferCancel, &QToolButton::clicked, this, [this] {
        if (m_activeTransfer)
            m_client->cancelTransfer(m_activeTransfer);
    });
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addWidget(m_portsLabel);
    statusBar()->addWidget(m_totalsLabel, 1);
    statusBar()->addPermanentWidget(m_transferProgress);
    statusBar()->addPermanentWidget(m_transferCancel);
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(windowIcon(), this);
    auto *menu = new QMenu(this);
    menu->addAction(tr("Show Depot"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(action(QStringLiteral("demo")));
    menu->addSeparator();
    menu->addAction(action(QStringLiteral("quit")));
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger) {
            setVisible(!isVisible() || isMinimized());
            if (isVisible()) {
                showNormal();
                activateWindow();
            }
        }
    });
    m_tray->setToolTip(trayToolTip(*m_client->snapshot(), m_service->isRunning()));
    m_tray->show();
}

namespace {

// Depot sets no organisation name (its data dir is ~/.local/share/Depot), and
// a QSettings without one writes to "Unknown Organization" and reports an
// access error: the window's settings go to ~/.config/Depot/Depot.conf.
// Tests set an organisation of their own, which is kept.
QString settingsOrganization()
{
    const QString organization = QCoreApplication::organizationName();
    return organization.isEmpty() ? QCoreApplication::applicationName() : organization;
}

} // namespace

void MainWindow::restoreLayout()
{
    QSettings settings(QSettings::defaultFormat(), QSettings::UserScope, settingsOrganization(),
                       QCoreApplication::applicationName());
    settings.beginGroup(QStringLiteral("window"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_mainSplitter->restoreState(settings.value(QStringLiteral("mainSplitter")).toByteArray());
    m_messageSplitter->restoreState(settings.value(QStringLiteral("messageSplitter")).toByteArray());
    m_queueView->horizontalHeader()->restoreState(settings.value(QStringLiteral("queueHeader")).toByteArray());
    m_messageView->horizontalHeader()->restoreState(settings.value(QStringLiteral("messageHeader")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("tab"), int(QuickStartTab)).toInt());
    m_charts->setWindowSeconds(settings.value(QStringLiteral("chartWindow"), 60).toInt());
    settings.endGroup();
    const ThemeMode theme = themeFromKey(settings.value(QStringLiteral("theme")).toString());
    applyTheme(theme);
    if (QAction *a = action(QStringLiteral("theme-") + themeKey(theme)))
        a->setChecked(true);
}

void MainWindow::saveLayout()
{
    QSettings settings(QSettings::defaultFormat(), QSettings::UserScope, settingsOrganization(),
                       QCoreApplication::applicationName());
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("messageSplitter"), m_messageSplitter->saveState());
    settings.setValue(QStringLiteral("queueHeader"), m_queueView->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("messageHeader"), m_messageView->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("tab"), m_tabs->currentIndex());
    settings.setValue(QStringLiteral("chartWindow"), m_charts->windowSeconds());
    settings.endGroup();
    settings.setValue(QStringLiteral("theme"), themeKey(currentTheme()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        setWindowTitle(tr("Depot"));
        updateDemoAction();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::showStartError(const QString &error)
{
    m_startError = error;
    onBrokerStateChanged();
}

void MainWindow::runDemo()
{
    if (!m_service->isRunning()) {
        m_demoPending = true;   // started from onBrokerStateChanged
        updateDemoAction();
        return;
    }
    m_demoPending = false;
    m_client->startDemo();
    m_demoRunning = true;
    m_demoToggledAtMs = QDateTime::currentMSecsSinceEpoch();
    updateDemoAction();
    // The queues are what moves: show them, with the first demo queue open.
    if (m_tabs->currentIndex() == QuickStartTab)
        m_tabs->setCurrentIndex(MessagesTab);
    if (m_currentQueue.isEmpty() && !selectQueue(QStringLiteral("orders")))
        m_selectOnArrival = QStringLiteral("orders");
    statusBar()->showMessage(tr("Demo traffic running: watch orders, payments and their dead letters."), 5000);
}

void MainWindow::stopDemo()
{
    m_demoPending = false;
    m_client->stopDemo();
    m_demoRunning = false;
    m_demoToggledAtMs = QDateTime::currentMSecsSinceEpoch();
    m_selectOnArrival.clear();
    updateDemoAction();
    statusBar()->showMessage(tr("Demo traffic stopped; its queues and messages stay."), 5000);
}

void MainWindow::updateDemoAction()
{
    QAction *demo = action(QStringLiteral("demo"));
    const bool on = m_demoRunning || m_demoPending;
    demo->setChecked(on);
    demo->setText(on ? tr("Stop &demo traffic") : tr("Run &demo traffic"));
    demo->setToolTip(on ? tr("Stop the built-in producers and consumers") : tr("Run built-in producers and "
                                                                               "consumers, some of which fail"));
}

void MainWindow::onBrokerStateChanged()
{
    const bool running = m_service->isRunning();
    if (!m_startError.isEmpty() && !running) {
        m_stateLabel->setText(tr("<b style='color:#d03a2f'>Not running</b>"));
        m_stateLabel->setToolTip(m_startError);
        m_portsLabel->setText(m_startError);
    } else {
        switch (m_service->state()) {
        case BrokerService::State::Starting:
            m_stateLabel->setText(tr("Starting…"));
            break;
        case BrokerService::State::Running:
            if (m_alarms.isEmpty())
                m_stateLabel->setText(tr("<b style='color:#10a060'>●</b> Running"));
            else
                m_stateLabel->setText(tr("<b style='color:#d03a2f'>● Publishers blocked</b> (%1)")
                                          .arg(QStringList(m_alarms.keys()).join(QStringLiteral(", ")).toHtmlEscaped()));
            break;
        case BrokerService::State::Stopped:
            m_stateLabel->setText(tr("Stopped"));
            break;
        }
        const BrokerOptions &options = m_service->options();
        m_portsLabel->setText(running ? tr("AMQP %1:%2 · HTTP %1:%3 · %4")
                                            .arg(options.bindAddress.toString())
                                            .arg(m_service->amqpPort())
                                            .arg(m_service->httpPort())
                                            .arg(options.inMemory ? tr("in memory") : options.dataDir)
                                      : QString());
        QStringList tip = m_alarms.values();
        tip += m_service->recoveryReport();
        m_stateLabel->setToolTip(tip.join(u'\n'));
    }
    if (running) {
        m_portOffer->hide();
        ++m_portProbeGeneration;   // a probe still on its way is stale
    }
    m_quickStart->setPorts(running ? m_service->amqpPort() : 0, running ? m_service->httpPort() : 0);
    if (running && m_demoPending)
        runDemo();
    updateActions();
}

void MainWindow::onSnapshot(const SnapshotPtr &snapshot)
{
    // The demo can stop without this window (its connection closed over the
    // HTTP API): the toggle follows the demo's connection, once a snapshot
    // is clearly newer than this window's last start or stop.
    if (!m_demoPending && snapshot->takenAtMs > m_demoToggledAtMs + 1000) {
        const bool demoConnected = std::any_of(snapshot->connections.cbegin(), snapshot->connections.cend(),
                                               [](const ConnectionSummary &c) { return c.info.protocol == QLatin1String("demo"); });
        if (demoConnected != m_demoRunning) {
            m_demoRunning = demoConnected;
            updateDemoAction();
        }
    }
    m_queueModel->updateFromSnapshot(snapshot);
    m_messageModel->updateFromSnapshot(snapshot);
    refreshShownTables();
    updateAlarms(snapshot);
    updateStatus(snapshot);
    if (!m_selectOnArrival.isEmpty() && m_currentQueue.isEmpty() && selectQueue(m_selectOnArrival))
        m_selectOnArrival.clear();
    if (!m_currentQueue.isEmpty()) {
        const QueueRow *q = snapshot->queue(m_currentQueue);
        QString title = q ? tr("<b>%1</b>").arg(m_currentQueue.toHtmlEscaped())
                          : tr("<b>%1</b> (deleted)").arg(m_currentQueue.toHtmlEscaped());
        if (q && !q->fedBy.isEmpty())
            title += tr(" · dead letters of %1").arg(q->fedBy.join(QStringLiteral(", ")).toHtmlEscaped());
        else if (q && !q->deadLettersGoTo.isEmpty())
            title += tr(" · dead letters go to %1").arg(q->deadLettersGoTo.join(QStringLiteral(", ")).toHtmlEscaped());
        m_queueTitle->setText(title);
        if (!m_messageModel->isFiltered())
            m_messageCount->setText(tr("%n message(s)", nullptr, int(q ? q->total() : 0)));
    }
}

void MainWindow::refreshShownTables()
{
    const int tab = m_tabs->currentIndex();
    if (tab == ExchangesTab)
        refreshBindings();
    if (tab == ConnectionsTab) {
        const SnapshotPtr snapshot = m_client->snapshot();
        if (m_connectionsShown != snapshot) {
            m_consumerModel->updateFromSnapshot(snapshot);
            m_channelModel->updateFromSnapshot(snapshot);
            m_connectionsShown = snapshot;
        }
    }
}

void MainWindow::refreshBindings()
{
    const SnapshotPtr snapshot = m_client->snapshot();
    if (m_bindingsShown != snapshot) {
        m_bindingModel->updateFromSnapshot(snapshot);
        m_bindingsShown = snapshot;
    }
}

void MainWindow::updateStatus(const SnapshotPtr &snapshot)
{
    quint64 ready = 0;
    quint64 unacked = 0;
    quint64 dead = 0;
    for (const QueueRow &q : snapshot->queues) {
        ready += q.ready;
        unacked += q.unacked;
        if (q.isDeadLetterQueue)
            dead += q.total();
    }
    const QLocale locale;
    const QString text = tr("%1 queues · %2 ready · %3 unacked · %4 dead letters · in %5/s · out %6/s · %7 connections")
                             .arg(locale.toString(snapshot->queues.size()), locale.toString(ready),
                                  locale.toString(unacked), locale.toString(dead),
                                  rate(snapshot->rates[size_t(Counter::Published)]),
                                  rate(snapshot->rates[size_t(Counter::Delivered)]),
                                  locale.toString(snapshot->connections.size()));
    m_totalsLabel->setText(text);
    if (m_tray)
        m_tray->setToolTip(trayToolTip(*snapshot, m_service->isRunning()));
}

QString MainWindow::trayToolTip(const BrokerSnapshot &snapshot, bool running)
{
    if (!running)
        return tr("Depot — not running");
    quint64 ready = 0;
    quint64 unacked = 0;
    quint64 dead = 0;
    for (const QueueRow &q : snapshot.queues) {
        ready += q.ready;
        unacked += q.unacked;
        if (q.isDeadLetterQueue)
            dead += q.total();
    }
    const QLocale locale;
    QString text = tr("Depot — %1 queues: %2 ready, %3 unacked, %4 dead letters")
                       .arg(locale.toString(snapshot.queues.size()), locale.toString(ready), locale.toString(unacked),
                            locale.toString(dead));
    for (auto it = snapshot.alarms.cbegin(); it != snapshot.alarms.cend(); ++it)
        text += u'\n' + tr("⚠ %1").arg(it.value());
    return text;
}

QString MainWindow::currentTrayToolTip() const
{
    return trayToolTip(*m_client->snapshot(), m_service->isRunning());
}

void MainWindow::updateAlarms(const SnapshotPtr &snapshot)
{
    if (snapshot->alarms == m_alarms)
        return;
    m_alarms = snapshot->alarms;
    if (m_alarms.isEmpty()) {
        m_alarmBanner->hide();
        m_alarmText->clear();
    } else {
        QStringList lines;
        for (auto it = m_alarms.cbegin(); it != m_alarms.cend(); ++it)
            lines << tr("<b>⚠ %1 alarm:</b> %2").arg(it.key().toHtmlEscaped(), it.value().toHtmlEscaped());
        m_alarmText->setText(lines.join(QStringLiteral("<br>")));
        m_alarmBanner->show();
    }
    onBrokerStateChanged();   // the status bar's broker state names the alarms
}

void MainWindow::onStartFailed(const QString &error)
{
    showStartError(error);
    m_portOfferText->setText(error);
    m_portOfferButton->hide();
    m_portOffer->show();
    // Which of the ports is taken, and which are free instead? Probing binds
    // sockets, so it runs off the GUI thread; the watcher belongs to this
    // window, so a closed window never hears the answer.
    struct Probe
    {
        quint16 amqp = 0;
        quint16 http = 0;
        QString taken;   // "AMQP 5672, HTTP 15672"; empty: the failure was not about ports
        bool found = false;
    };
    const BrokerOptions options = m_service->options();
    const quint64 generation = ++m_portProbeGeneration;
    auto *watcher = new QFutureWatcher<Probe>(this);
    connect(watcher, &QFutureWatcher<Probe>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        const Probe probe = watcher->result();
        if (generation == m_portProbeGeneration && probe.found)
            offerPorts(probe.amqp, probe.http, probe.taken);
    });
    watcher->setFuture(QtConcurrent::run([options] {
        Probe probe{options.amqpPort, options.httpPort, {}, true};
        QStringList taken;
        if (probe.amqp != 0 && !portIsFree(options.bindAddress, probe.amqp)) {
            taken << QStringLiteral("AMQP %1").arg(probe.amqp);
            probe.amqp = findFreePort(options.bindAddress, probe.amqp, {probe.http});
            probe.found = probe.found && probe.amqp != 0;
        }
        if (probe.http != 0 && !portIsFree(options.bindAddress, probe.http)) {
            taken << QStringLiteral("HTTP %1").arg(probe.http);
            probe.http = findFreePort(options.bindAddress, probe.http, {probe.amqp});
            probe.found = probe.found && probe.http != 0;
        }
        probe.found = probe.found && !taken.isEmpty();
        probe.taken = taken.join(QStringLiteral(", "));
        return probe;
    }));
}

void MainWindow::offerPorts(quint16 amqpPort, quint16 httpPort, const QString &what)
{
    const BrokerOptions &options = m_service->options();
    QStringList changes;
    if (amqpPort != options.amqpPort)
        changes << tr("AMQP port %1").arg(amqpPort);
    if (httpPort != options.httpPort)
        changes << tr("HTTP port %1").arg(httpPort);
    m_portOfferText->setText(tr("%1 is already taken. Depot can start on %2 instead (for this run; "
                                "use --amqp-port / --http-port to choose for good).")
                                 .arg(what, changes.join(tr(" and "))));
    m_portOfferButton->setText(amqpPort != options.amqpPort ? tr("Use port %1 instead").arg(amqpPort)
                                                            : tr("Use port %1 instead").arg(httpPort));
    if (amqpPort != options.amqpPort && httpPort != options.httpPort)
        m_portOfferButton->setText(tr("Use ports %1 and %2 instead").arg(amqpPort).arg(httpPort));
    m_portOfferButton->disconnect(this);
    connect(m_portOfferButton, &QPushButton::clicked, this, [this, amqpPort, httpPort] {
        m_portOfferButton->hide();
        m_portOfferText->setText(tr("Starting on the new port…"));
        m_startError.clear();
        m_service->setPorts(amqpPort, httpPort);
        m_service->start();
        onBrokerStateChanged();
    });
    m_portOfferButton->show();
    m_portOffer->show();
}

bool MainWindow::selectQueue(const QString &name)
{
    const int sourceRow = m_queueModel->rowOf(name);
    if (sourceRow < 0)
        return false;
    const QModelIndex proxyIndex = m_queueProxy->mapFromSource(m_queueModel->index(sourceRow, 0));
    if (!proxyIndex.isValid())
        return false;
    m_queueView->selectionModel()->setCurrentIndex(
        proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_queueView->scrollTo(proxyIndex);
    return true;
}

void MainWindow::onQueueSelectionChanged()
{
    const QModelIndexList rows = m_queueView->selectionModel()->selectedRows();
    const QString name = rows.isEmpty() ? QString() : rows.first().data(QueueListModel::QueueNameRole).toString();
    if (name == m_currentQueue)
        return;
    m_currentQueue = name;
    const QueueRow *q = m_client->snapshot()->queue(name);
    m_messageFilter->blockSignals(true);
    m_messageFilter->clear();
    m_messageFilter->blockSignals(false);
    forgetSelection();
    m_messageModel->setQueue(name, q ? q->total() : 0);
    m_charts->setQueue(name);
    m_inspector->showNothing();
    m_inspectedId = 0;
    m_queueTitle->setText(name.isEmpty() ? QString() : tr("<b>%1</b>").arg(name.toHtmlEscaped()));
    m_messageCount->setText(name.isEmpty() ? QString() : tr("%n message(s)", nullptr, int(q ? q->total() : 0)));
    if (!name.isEmpty() && m_tabs->currentIndex() == QuickStartTab)
        m_tabs->setCurrentIndex(MessagesTab);
    updateActions();
}

void MainWindow::onMessageCurrentChanged()
{
    updateActions();
    if (m_followingMessage)
        return;   // the row moved with the message the inspector shows
    const QModelIndex current = m_messageView->currentIndex();
    const MessageRow *row = current.isValid() ? m_messageModel->rowAt(current.row()) : nullptr;
    if (!row) {
        // Nothing chosen, or a row still loading (pageLoaded brings us back):
        // the inspector must not keep showing the message chosen before.
        m_inspector->showNothing();
        m_inspectedId = 0;
        return;
    }
    if (row->id == m_inspectedId && m_inspector->message())
        return;
    m_inspectedId = row->id;
    const QString queue = m_currentQueue;
    const MessageId id = row->id;
    m_client->message(this, queue, id, [this, queue, id](std::optional<MessageView> view) {
        if (queue != m_currentQueue || id != m_inspectedId)
            return;   // the user has moved on
        if (view)
            m_inspector->showMessage(queue, *view);
        else
            m_inspector->showNothing(tr("This message has left the queue (consumed, moved or expired)."));
        updateActions();
    });
}

void MainWindow::followInspectedMessage(int first, int last)
{
    const int current = m_messageView->currentIndex().row();
    const int row = m_messageModel->loadedRowOf(m_inspectedId);
    if (row >= 0) {
        if (row != current)
            moveCurrentMessageRow(row);
        return;
    }
    // Not in the rows loaded since the queue moved. If the current row was
    // just read again, the message is no longer there: ask where it went.
    if (!m_messageModel->isFiltered() && current >= first && current <= last)
        locateInspectedMessage();
}

void MainWindow::locateInspectedMessage()
{
    const QString queue = m_currentQueue;
    const MessageId id = m_inspectedId;
    m_client->message(this, queue, id, [this, queue, id](std::optional<MessageView> view) {
        if (queue != m_currentQueue || id != m_inspectedId)
            return;   // the user has moved on
        if (!view) {
            if (m_selectionIds.size() <= 1) {
                m_followingMessage = true;
                m_messageView->selectionModel()->clear();
                m_followingMessage = false;
                forgetSelection();
            }
            m_inspectedId = 0;
            m_inspector->showNothing(tr("This message has left the queue (consumed, moved or expired)."));
            updateActions();
            return;
        }
        // Still in the queue. Without a filter its position is its row (the
        // page there loads, and the next pageLoaded checks again); with one it
        // no longer matches, or lies beyond the matches listed: the inspector
        // keeps it and no row is selected.
        if (m_messageModel->isFiltered()) {
            if (m_messageModel->loadedRowOf(id) < 0 && m_selectionIds.size() <= 1) {
                m_followingMessage = true;
                m_messageView->selectionModel()->clear();
                m_followingMessage = false;
                forgetSelection();
            }
            return;
        }
        if (view->position < quint64(m_messageModel->rowCount()))
            moveCurrentMessageRow(int(view->position));
    });
}

void MainWindow::moveCurrentMessageRow(int row)
{
    QItemSelectionModel *selection = m_messageView->selectionModel();
    if (m_selectionIds.size() > 1)
        return;   // a selection of several rows is the user's; only the inspector keeps its message
    const QModelIndex old = m_messageView->currentIndex();
    const bool wasShown = old.isValid() && m_messageView->viewport()->rect().intersects(m_messageView->visualRect(old));
    const QModelIndex target = m_messageModel->index(row, std::max(0, old.column()));
    m_followingMessage = true;
    selection->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_followingMessage = false;
    if (wasShown)
        m_messageView->scrollTo(target, QAbstractItemView::EnsureVisible);
}

void MainWindow::onMessageSelectionChanged()
{
    if (m_followingMessage) {
        updateActions();
        return;
    }
    forgetSelection();
    m_selectionGeneration = m_messageModel->generation();
    QList<std::pair<int, int>> ranges;
    const QItemSelection selection = m_messageView->selectionModel()->selection();
    for (const QItemSelectionRange &range : selection)
        ranges.append({range.top(), range.bottom()});
    std::sort(ranges.begin(), ranges.end());
    QList<MessageId> ids;           // 0 where a row is not loaded
    struct Hole
    {
        qsizetype at;   // index in ids
        int first;      // rows
        int last;
    };
    QList<Hole> holes;
    int next = 0;   // rows below this are taken (ranges can overlap)
    for (auto [top, bottom] : ranges) {
        top = std::max(top, next);
        if (top > bottom)
            continue;
        next = bottom + 1;
        const QList<MessageId> shown = m_messageModel->shownIds(top, bottom);
        for (qsizetype i = 0; i < shown.size(); ++i) {
            if (shown.at(i) == 0) {
                const int row = top + int(i);
                if (!holes.isEmpty() && holes.last().last == row - 1 && holes.last().at + (row - holes.last().first) == ids.size())
                    holes.last().last = row;
                else
                    holes.append({ids.size(), row, row});
            }
            ids.append(shown.at(i));
        }
    }
    if (holes.isEmpty()) {
        m_selectionIds = ids;
        updateActions();
        return;
    }
    // Some selected rows were never shown (a Shift+click far down, Ctrl+A):
    // read their ids now, so an action takes every selected message.
    m_selectionResolving = true;
    updateActions();
    const quint64 token = m_selectionToken;
    const QString queue = m_currentQueue;
    QList<std::pair<int, int>> rows;
    for (const Hole &h : holes)
        rows.append({h.first, h.last});
    const bool posted = m_client->browseIds(
        this, queue, rows, [this, token, ids, holes](const QList<QList<MessageId>> &found) {
            if (token != m_selectionToken)
                return;
            QList<MessageId> all;
            qsizetype from = 0;
            for (qsizetype h = 0; h < holes.size(); ++h) {
                all.append(ids.mid(from, holes.at(h).at - from));
                all.append(found.value(h));
                from = holes.at(h).at + (holes.at(h).last - holes.at(h).first + 1);
            }
            all.append(ids.mid(from));
            m_selectionIds = all;
            m_selectionResolving = false;
            updateActions();
        });
    if (!posted) {
        m_selectionIds = ids;
        m_selectionIds.removeAll(MessageId(0));
        m_selectionResolving = false;
        updateActions();
    }
}

void MainWindow::forgetSelection()
{
    ++m_selectionToken;
    m_selectionIds.clear();
    m_selectionResolving = false;
}

void MainWindow::followSelection()
{
    if (m_selectionIds.size() < 2 || m_selectionResolving || m_messageModel->generation() == m_selectionGeneration)
        return;   // one row follows the inspector; a queue that has not moved needs nothing
    const QList<int> rows = m_messageModel->loadedRowsOf(QSet<MessageId>(m_selectionIds.cbegin(), m_selectionIds.cend()));
    QItemSelection selection;
    const int lastColumn = m_messageModel->columnCount() - 1;
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        selection.select(m_messageModel->index(rows.at(i), 0), m_messageModel->index(rows.at(j), lastColumn));
        i = j + 1;
    }
    m_followingMessage = true;
    m_messageView->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_followingMessage = false;
}

void MainWindow::applyMessageFilter()
{
    MessageFilter filter;
    filter.text = m_messageFilter->text();
    filter.regex = m_regex->isChecked();
    filter.caseSensitive = m_caseSensitive->isChecked();
    if (filter.regex && !filter.text.isEmpty()) {
        const QRegularExpression re(filter.text);
        if (!re.isValid()) {
            m_messageCount->setText(tr("Invalid regular expression: %1").arg(re.errorString()));
            return;
        }
    }
    if (filter.isEmpty() && !m_messageModel->isFiltered())
        return;
    m_inspector->showNothing();
    m_inspectedId = 0;
    forgetSelection();
    m_messageModel->setFilter(filter);
    if (filter.isEmpty()) {
        const QueueRow *q = m_client->snapshot()->queue(m_currentQueue);
        m_messageModel->updateFromSnapshot(m_client->snapshot());
        m_messageCount->setText(tr("%n message(s)", nullptr, int(q ? q->total() : 0)));
    }
    updateActions();
}

void MainWindow::updateActions()
{
    const bool running = m_service->isRunning();
    const bool hasQueue = running && !m_currentQueue.isEmpty();
    const bool hasSelection = hasQueue && !m_selectionResolving && !m_selectionIds.isEmpty();
    const bool idle = m_activeTransfer == 0;
    const QueueRow *q = m_client->snapshot()->queue(m_currentQueue);
    const bool isDlq = q && q->isDeadLetterQueue;
    const auto enable = [this](const char *name, bool on) { action(QLatin1String(name))->setEnabled(on); };
    enable("publish", running);
    enable("demo", running || m_demoPending);
    enable("replay", hasSelection && idle);
    enable("replayAll", hasQueue && idle && isDlq);
    enable("replayMatching", hasQueue && idle && m_messageModel->isFiltered());
    enable("move", hasQueue && idle);
    enable("copy", hasQueue && idle);
    enable("delete", hasSelection && idle);
    enable("purge", hasQueue && idle);
    enable("resend", hasQueue && m_inspector->message().has_value());
    enable("copyBody", m_inspector->message().has_value());
    enable("saveBody", m_inspector->message().has_value());
    enable("refresh", running);
    enable("closeConnection", running && selectedConnection().has_value());
}

std::optional<ConnectionSummary> MainWindow::selectedConnection() const
{
    const QModelIndexList rows = m_consumerView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    const auto *proxy = static_cast<const QSortFilterProxyModel *>(m_consumerView->model());
    const int source = proxy->mapToSource(rows.first()).row();
    if (source < 0 || source >= m_consumerModel->rowCount())
        return std::nullopt;
    return m_consumerModel->rowAt(source).connection;
}

void MainWindow::closeSelectedConnection()
{
    const std::optional<ConnectionSummary> c = selectedConnection();
    if (!c)
        return;
    const QString name = c->info.name.isEmpty() ? c->info.peer : tr("%1 (%2)").arg(c->info.name, c->info.peer);
    if (c->info.protocol == QLatin1String("demo")) {
        if (confirm(tr("Close connection"), tr("Stop the demo traffic (%1)?").arg(name)))
            stopDemo();
        return;
    }
    if (!confirm(tr("Close connection"),
                 tr("Close the connection %1? The client is told CONNECTION_FORCED (320); its unacknowledged "
                    "messages go back to their queues, and it may reconnect.")
                     .arg(name)))
        return;
    const ConnectionId id = c->id;
    const QString reason = QStringLiteral("Closed from the Depot window");   // protocol text: not translated
    m_client->closeConnection(
        this, id, reason, [this, name](bool closed) {
            statusBar()->showMessage(closed ? tr("Closed the connection %1.").arg(name)
                                            : tr("The connection %1 had already gone.").arg(name),
                                     5000);
            m_client->refreshNow();
        });
}

QList<MessageId> MainWindow::selectedMessageIds() const
{
    return m_selectionResolving ? QList<MessageId>() : m_selectionIds;
}

void MainWindow::setTargetChooserForTests(std::function<std::optional<QString>(const QStringList &)> chooser)
{
    m_testChooser = std::move(chooser);
}

void MainWindow::setConfirmForTests(std::function<bool(const QString &)> confirm)
{
    m_testConfirm = std::move(confirm);
}

std::optional<QString> MainWindow::chooseTarget(const QString &title, bool offerOriginal)
{
    QStringList items;
    const QString original = tr("The queue each message came from (x-death)");
    if (offerOriginal)
        items << original;
    for (const QString &name : m_queueModel->queueNames()) {
        if (name != m_currentQueue)
            items << name;
    }
    std::optional<QString> choice;
    if (m_testChooser) {
        choice = m_testChooser(items);
    } else {
        bool ok = false;
        const QString picked = QInputDialog::getItem(this, title, tr("Send to:"), items, 0, false, &ok);
        if (ok)
            choice = picked;
    }
    if (choice && offerOriginal && *choice == original)
        return QString();   // the engine's "original queue"
    return choice;
}

bool MainWindow::confirm(const QString &title, const QString &text)
{
    if (m_testConfirm)
        return m_testConfirm(text);
    return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

void MainWindow::replay(Scope scope)
{
    if (m_currentQueue.isEmpty())
        return;
    TransferSpec spec;
    spec.source = m_currentQueue;
    spec.mode = TransferSpec::Mode::Move;
    const QLocale locale;
    QString what;
    switch (scope) {
    case Scope::Selected:
        spec.ids = selectedMessageIds();
        if (spec.ids.isEmpty())
            return;
        what = tr("%n selected message(s)", nullptr, int(spec.ids.size()));
        break;
    case Scope::All:
        what = tr("all %1 messages in %2")
                   .arg(locale.toString(m_client->snapshot()->queue(m_currentQueue)
                                            ? m_client->snapshot()->queue(m_currentQueue)->ready
                                            : 0),
                        m_currentQueue);
        break;
    case Scope::MatchingFilter:
        spec.filter = m_messageModel->filter();
        what = tr("the messages in %1 matching “%2”").arg(m_currentQueue, spec.filter.text);
        break;
    }
    const std::optional<QString> target = chooseTarget(tr("Replay dead letters"), true);
    if (!target)
        return;
    spec.target = *target;
    if (scope != Scope::Selected) {
        const QString where = target->isEmpty() ? tr("the queues they came from") : *target;
        if (!confirm(tr("Replay dead letters"), tr("Move %1 to %2?").arg(what, where)))
            return;
    }
    startTransfer(spec, tr("Replaying"));
}

void MainWindow::transfer(TransferSpec::Mode mode)
{
    if (m_currentQueue.isEmpty())
        return;
    const bool move = mode == TransferSpec::Mode::Move;
    TransferSpec spec;
    spec.source = m_currentQueue;
    spec.mode = mode;
    spec.ids = selectedMessageIds();
    if (spec.ids.isEmpty() && m_messageModel->isFiltered())
        spec.filter = m_messageModel->filter();
    const std::optional<QString> target = chooseTarget(move ? tr("Move messages") : tr("Copy messages"), false);
    if (!target || target->isEmpty())
        return;
    spec.target = *target;
    QString what;
    if (!spec.ids.isEmpty())
        what = tr("%n selected message(s)", nullptr, int(spec.ids.size()));
    else if (!spec.filter.isEmpty())
        what = tr("the messages matching “%1”").arg(spec.filter.text);
    else
        what = tr("every ready message");
    const QString question = move ? tr("Move %1 from %2 to %3?").arg(what, m_currentQueue, *target)
                                  : tr("Copy %1 from %2 to %3?").arg(what, m_currentQueue, *target);
    if (spec.ids.isEmpty() && !confirm(move ? tr("Move messages") : tr("Copy messages"), question))
        return;
    startTransfer(spec, move ? tr("Moving") : tr("Copying"));
}

void MainWindow::startTransfer(const TransferSpec &spec, const QString &verb)
{
    m_transferVerb = verb;
    m_client->startTransfer(this, spec, [this, verb](Result<quint64> result) {
        if (!result.ok()) {
            QMessageBox::warning(this, tr("Depot"), tr("%1 failed: %2").arg(verb, result.error.text));
            return;
        }
        m_activeTransfer = result.value;
        m_transferProgress->setRange(0, 0);
        m_transferProgress->setFormat(tr("%1 %v / %m").arg(verb));
        m_transferProgress->show();
        m_transferCancel->show();
        updateActions();
    });
}

void MainWindow::onTransferProgress(quint64 id, quint64 done, quint64 total)
{
    if (id != m_activeTransfer)
        return;
    // QProgressBar is int-based; scale very large transfers.
    const int scale = total > 1000000000 ? 1000 : 1;
    m_transferProgress->setRange(0, int(total / scale));
    m_transferProgress->setValue(int(done / scale));
}

void MainWindow::onTransferFinished(const TransferReport &report)
{
    const QLocale locale;
    QString text = report.cancelled ? tr("Cancelled after %1 of %2 messages; the rest stayed where they were.")
                                          .arg(locale.toString(report.done), locale.toString(report.total))
                                    : tr("Done: %1 of %2 messages.").arg(locale.toString(report.done),
                                                                         locale.toString(report.total));
    if (report.skipped > 0)
        text += tr(" %n skipped (no original queue, or the target is gone).", nullptr, int(report.skipped));
    if (!report.error.isEmpty())
        text += QLatin1Char(' ') + report.error;
    statusBar()->showMessage(text, 10000);
    if (report.id == m_activeTransfer) {
        m_activeTransfer = 0;
        m_transferProgress->hide();
        m_transferCancel->hide();
    }
    m_messageView->clearSelection();
    m_messageModel->invalidate();
    m_client->refreshNow();
    updateActions();
}

void MainWindow::deleteSelected()
{
    const QList<MessageId> ids = selectedMessageIds();
    if (ids.isEmpty() || m_currentQueue.isEmpty())
        return;
    if (!confirm(tr("Delete messages"),
                 tr("Delete %n message(s) from %1? This cannot be undone.", nullptr, int(ids.size()))
                     .arg(m_currentQueue)))
        return;
    const QString queue = m_currentQueue;
    m_client->deleteMessages(
        this, queue, ids, [this, ids](Result<quint64> result) {
            if (!result.ok()) {
                QMessageBox::warning(this, tr("Delete messages"), result.error.text);
                return;
            }
            QString text = tr("Deleted %n message(s).", nullptr, int(result.value));
            if (result.value < quint64(ids.size()))
                text += tr(" The others were unacknowledged or already gone.");
            statusBar()->showMessage(text, 8000);
            m_messageView->clearSelection();
            m_messageModel->invalidate();
            m_client->refreshNow();
        });
}

void MainWindow::purgeQueue()
{
    if (m_currentQueue.isEmpty())
        return;
    const QueueRow *q = m_client->snapshot()->queue(m_currentQueue);
    if (!confirm(tr("Purge queue"), tr("Remove all %1 ready messages from %2? This cannot be undone.")
                                        .arg(QLocale().toString(q ? q->ready : 0), m_currentQueue)))
        return;
    const QString queue = m_currentQueue;
    m_client->purgeQueue(
        this, queue, [this](Result<quint64> result) {
            if (!result.ok()) {
                QMessageBox::warning(this, tr("Purge queue"), result.error.text);
                return;
            }
            statusBar()->showMessage(tr("Purged %n message(s).", nullptr, int(result.value)), 8000);
            m_messageModel->invalidate();
            m_client->refreshNow();
        });
}

void MainWindow::publish()
{
    refreshBindings();
    PublishDialog dialog(m_bindingModel->exchangeNames(), this);
    if (!m_currentQueue.isEmpty()) {
        dialog.exchangeBox()->setCurrentIndex(dialog.exchangeBox()->findData(QString()));
        dialog.routingKeyEdit()->setText(m_currentQueue);
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_client->publish(this, publishRequest(dialog), [this](PublishReply report) {
        if (const QString problem = report.error + report.warning; !problem.isEmpty())
            QMessageBox::warning(this, tr("Publish message"), problem);
        statusBar()->showMessage(tr("Published %n message(s).", nullptr, report.sent), 8000);
        m_messageModel->invalidate();
        m_client->refreshNow();
    });
}

PublishRequest MainWindow::publishRequest(const PublishDialog &dialog)
{
    PublishRequest request;
    request.exchange = dialog.exchange();
    request.routingKey = dialog.routingKey();
    request.properties = dialog.properties();
    request.body = dialog.body();
    request.count = dialog.repeatCount();
    return request;
}

void MainWindow::editAndResend()
{
    const std::optional<MessageView> message = m_inspector->message();
    if (!message)
        return;
    refreshBindings();
    PublishDialog dialog(m_bindingModel->exchangeNames(), this);
    const QString queue = m_inspector->queue();
    dialog.setMessage(*message->state.content, message->unacked ? QString() : queue);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const bool remove = dialog.removeOriginal();
    const MessageId id = message->state.id;
    // The original goes only once every copy is committed (publish answers
    // then), and only if every copy reached a queue: a failed resend never
    // loses the message. It is removed by id, once, whatever the copies were.
    m_client->publish(this, publishRequest(dialog), [this, remove, queue, id](PublishReply report) {
        const QString sent = tr("Sent %n message(s).", nullptr, report.sent);
        const QString problem = !report.refused.isEmpty() ? report.refused : report.error + report.warning;
        if (!problem.isEmpty()) {
            QMessageBox::warning(this, tr("Edit and resend"),
                                 remove ? tr("%1\n\nThe original stays in %2.").arg(problem, queue) : problem);
            statusBar()->showMessage(sent, 8000);
        } else if (!remove) {
            statusBar()->showMessage(sent, 8000);
        } else {
            m_client->deleteMessages(this, queue, {id}, [this, sent, queue](Result<quint64> removed) {
                if (!removed.ok())
                    QMessageBox::warning(this, tr("Edit and resend"),
                                         tr("%1 The original could not be removed from %2: %3")
                                             .arg(sent, queue, removed.error.text));
                else if (removed.value == 0)
                    statusBar()->showMessage(tr("%1 The original had already left %2 (consumed, moved or expired), "
                                                "so nothing was removed.")
                                                 .arg(sent, queue),
                                             20000);
                else
                    statusBar()->showMessage(tr("%1 Removed the original from %2.").arg(sent, queue), 8000);
                m_messageModel->invalidate();
                m_client->refreshNow();
            });
        }
        m_messageModel->invalidate();
        m_client->refreshNow();
    });
}

void MainWindow::refresh()
{
    m_client->refreshNow();
    m_messageModel->invalidate();
    m_charts->refresh();
}

} // namespace depot::ui
