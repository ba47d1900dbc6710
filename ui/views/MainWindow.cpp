#include "ui/views/MainWindow.h"

#include "broker/core/BrokerService.h"
#include "ui/Theme.h"
#include "ui/Translations.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/QueueListModel.h"
#include "ui/models/TopologyModels.h"
#include "ui/views/BrokerStatus.h"
#include "ui/views/ChartsView.h"
#include "ui/views/ConnectionsPanel.h"
#include "ui/views/ExchangesPanel.h"
#include "ui/views/GroupsPanel.h"
#include "ui/views/MessageBrowser.h"
#include "ui/views/MessageDataActions.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/QueryActions.h"
#include "ui/views/QueryPanel.h"
#include "ui/views/QueueListPanel.h"
#include "ui/views/QuickStartPanel.h"
#include "ui/views/RemoteActions.h"
#include "ui/views/RemoteBrokers.h"
#include "ui/views/RecordBrowser.h"
#include "ui/views/RetryActions.h"
#include "ui/views/HistorySearchDialog.h"
#include "ui/views/SearchAllDialog.h"
#include "ui/views/TopicsPanel.h"
#include "ui/views/TopologyActions.h"
#include "ui/views/WindowParts.h"

#include <QAbstractScrollArea>
#include <QComboBox>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QFocusFrame>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

namespace depot::ui {

namespace {

// The window's width on a first start (later ones restore the user's).
constexpr int DefaultWidth = 1280;

} // namespace

MainWindow::MainWindow(BrokerService *service, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
{
    ensureEnglishPlurals(*QCoreApplication::instance());
    setWindowTitle(tr("Depot"));
    setWindowIcon(QIcon(QStringLiteral(":/depot/ui/depot.svg")));
    setObjectName(QStringLiteral("depotMainWindow"));

    m_client = new BrokerClient(service, this);
    buildCentral();
    buildWindowActions();
    m_messageActions = new MessageActions(
        this, {service, m_client, m_queues, m_browser, m_connections, m_status, [this] { stopDemo(); }});
    m_retryActions = new RetryActions(this, {service, m_client, m_queues, m_browser});
    m_dataActions = new MessageDataActions(this, {service, m_client, m_queues, m_browser, m_topicsPanel->records()});
    m_topologyActions = new TopologyActions(this, {service, m_client, m_queues, m_exchanges});
    m_queryActions = new QueryActions(this, m_client, m_queryPanel, m_messageActions->undoBar(), m_dataActions);
    connect(m_queryPanel, &QueryPanel::openMessage, this, &MainWindow::openMessage);
    m_remoteActions = new RemoteActions(this, m_stack, m_status, [this] { updateActions(); });
    buildMenus();
    buildTray();

    connect(m_client, &BrokerClient::snapshotUpdated, this, &MainWindow::onSnapshot);
    connect(m_client, &BrokerClient::brokerStateChanged, this, &MainWindow::onBrokerStateChanged);
    connect(m_queues, &QueueListPanel::currentQueueChanged, this, &MainWindow::onQueueChanged);

    resize(DefaultWidth, 800);
    restoreLayout();
    // Quitting without closing the window (SIGTERM/SIGINT, Quit from the
    // tray, the session ending) keeps the layout too.
    connect(qApp, &QCoreApplication::aboutToQuit, this, &MainWindow::saveLayout);
    buildKeyboard();
    onBrokerStateChanged();
}

HistorySearchDialog *MainWindow::findGoneMessage()
{
    if (!m_historySearch)
        m_historySearch = new HistorySearchDialog(m_client, this);
    m_historySearch->show();
    m_historySearch->raise();
    m_historySearch->activateWindow();
    m_historySearch->textEdit()->setFocus();
    return m_historySearch;
}

SearchAllDialog *MainWindow::searchAllQueues()
{
    if (!m_searchAll) {
        m_searchAll = new SearchAllDialog(m_client, this);
        connect(m_searchAll, &SearchAllDialog::openMessage, this,
            [this](const QString &queue, MessageId id) { openMessage(queue, id, false); });
    }
    m_searchAll->show();
    m_searchAll->raise();
    m_searchAll->activateWindow();
    m_searchAll->textEdit()->setFocus();
    return m_searchAll;
}

void MainWindow::openMessage(const QString &queue, MessageId id, bool editAndResend)
{
    if (!selectQueue(queue))
        return;
    m_tabs->setCurrentIndex(MessagesTab);
    m_browser->goTo(QString::number(id), [this, id, editAndResend](const QString &problem) {
        if (!problem.isEmpty()) {
            statusBar()->showMessage(problem, 8000);
            return;
        }
        if (!editAndResend)
            return;
        // The row is selected; the inspector reads the message after it.
        // Edit once it shows this message, never one the user went on to.
        auto connection = std::make_shared<QMetaObject::Connection>();
        const auto editWhenShown = [this, id, connection] {
            const std::optional<MessageView> &shown = m_browser->inspector()->message();
            if (shown && shown->state.id == id) {
                disconnect(*connection);
                m_messageActions->editAndResend();
            } else if (m_browser->inspectedId() != 0 && m_browser->inspectedId() != id) {
                disconnect(*connection);
            }
        };
        *connection = connect(m_browser, &MessageBrowser::stateChanged, this, editWhenShown);
        editWhenShown();
    });
}

void MainWindow::focusQueryBar()
{
    m_tabs->setCurrentIndex(QueryTab);
    m_queryPanel->focusQuery();
}

void MainWindow::buildKeyboard()
{
    // Tab goes from the queue list to the message list and the inspector,
    // then to the filters; within a list the arrow keys move.
    QList<QWidget *> chain
        = {m_queues->filterEdit(), m_queues->view(), m_browser->view(), m_browser->inspector()->sectionTabs(),
            m_browser->inspector()->bodyTabs(), m_browser->inspector()->bodyText(), m_browser->filterEdit()};
    for (qsizetype i = 1; i < chain.size(); ++i)
        QWidget::setTabOrder(chain.at(i - 1), chain.at(i));

    // Shift+F10 opens the context menu of what has the keyboard, as the Menu
    // key does (Qt maps only the latter), at the current row.
    auto *menuKey = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10), this);
    connect(menuKey, &QShortcut::activated, this, [] {
        QWidget *target = QApplication::focusWidget();
        if (!target)
            return;
        QPoint at = target->rect().center();
        if (auto *view = qobject_cast<QAbstractItemView *>(target)) {
            const QRect current = view->visualRect(view->currentIndex());
            target = view->viewport();
            at = current.isValid() ? current.center() : QPoint(4, 4);
        }
        QContextMenuEvent event(QContextMenuEvent::Keyboard, at, target->mapToGlobal(at));
        QCoreApplication::sendEvent(target, &event);
    });

    // A visible ring around the pane that has the keyboard: the styles draw
    // an item view's focus faintly (a dotted current cell at most).
    m_focusFrame = new QFocusFrame(this);
    m_focusFrame->hide();
    m_focusWatch = connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        QWidget *pane = nullptr;
        for (QWidget *candidate : panes()) {
            if (now && (now == candidate || candidate->isAncestorOf(now)) && qobject_cast<QAbstractScrollArea *>(now))
                pane = now;
        }
        m_focusFrame->setWidget(pane);
        m_focusFrame->setVisible(pane != nullptr);
    });
}

QList<QWidget *> MainWindow::panes() const
{
    QList<QWidget *> list = {m_queues->view()};
    switch (m_tabs->currentIndex()) {
    case MessagesTab:
        list << m_browser->view() << m_browser->inspector();
        break;
    case ExchangesTab:
        list << m_exchanges->view();
        break;
    case TopicsTab:
        list << m_topicsPanel->topicView() << m_topicsPanel->partitionView() << m_topicsPanel->records()->view();
        break;
    case GroupsTab:
        list << m_groupsPanel->groupView() << m_groupsPanel->memberView() << m_groupsPanel->offsetView();
        break;
    case ConnectionsTab:
        list << m_connections->consumerView() << m_connections->channelView();
        break;
    case QueryTab:
        list << m_queryPanel->view() << m_queryPanel->inspector();
        break;
    default:
        list << m_tabs->currentWidget();
        break;
    }
    return list;
}

QWidget *MainWindow::focusPane(int step)
{
    const QList<QWidget *> list = panes();
    QWidget *focus = QApplication::focusWidget();
    qsizetype at = -1;
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (focus && (focus == list.at(i) || list.at(i)->isAncestorOf(focus)))
            at = i;
    }
    const qsizetype next = at < 0 ? 0 : (at + step + list.size()) % list.size();
    QWidget *pane = list.at(next);
    // A pane that is a container takes focus in its first focusable child.
    QWidget *target = pane;
    if (pane->focusPolicy() == Qt::NoFocus || !pane->isEnabled()) {
        for (QWidget *child : pane->findChildren<QWidget *>()) {
            if (child->isVisible() && child->isEnabled() && (child->focusPolicy() & Qt::TabFocus)) {
                target = child;
                break;
            }
        }
    }
    target->setFocus(Qt::OtherFocusReason);
    return target;
}

MainWindow::~MainWindow()
{
    disconnect(m_focusWatch);
    // While the client is still there to ask (the panel's own destructor
    // may run after it is gone).
    m_queryPanel->stopQuery();
}

QAction *MainWindow::action(const QString &objectName) const
{
    if (QAction *a = m_actions.value(objectName))
        return a;
    if (QAction *a = m_retryActions->action(objectName))
        return a;
    if (QAction *a = m_dataActions->action(objectName))
        return a;
    if (QAction *a = m_topologyActions->action(objectName))
        return a;
    if (QAction *a = m_queryActions->action(objectName))
        return a;
    if (QAction *a = m_remoteActions->action(objectName))
        return a;
    return m_messageActions->action(objectName);
}

void MainWindow::buildWindowActions()
{
    const auto add = [this](const char *name, const QIcon &ic, const QString &text, const QKeySequence &key,
                         std::function<void()> slot) {
        return makeAction(this, this, m_actions, name, ic, text, key, std::move(slot));
    };
    add("quit", {}, tr("&Quit"), QKeySequence::Quit, [this] { close(); });
    auto *demo = add("demo", depotIcon("demo"), tr("Run &demo traffic"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] {
        if (m_demoRunning)
            stopDemo();
        else
            runDemo();
    });
    demo->setCheckable(true);
    m_quickStart->setDemoAction(demo);
    add("find", {}, tr("&Find…"), QKeySequence::Find, [this] {
        // Ctrl+F filters what has focus: messages when the browser is in use, else queues.
        if (m_tabs->currentIndex() == MessagesTab && m_browser->isInUse())
            m_browser->focusFilter();
        else
            m_queues->focusFilter();
    });
    add("refresh", depotIcon("refresh"), tr("Re&fresh"), QKeySequence::Refresh, [this] { refresh(); });
    add("searchAll", {}, tr("Search &all queues…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
        [this] { searchAllQueues(); });
    add("focusQuery", {}, tr("&Query messages…"), QKeySequence(Qt::CTRL | Qt::Key_K), [this] { focusQueryBar(); });
    add("quickStart", {}, tr("&Quick start"), QKeySequence::HelpContents,
        [this] { m_tabs->setCurrentIndex(QuickStartTab); });
    add("about", {}, tr("&About Depot"), {}, [this] {
        QMessageBox::about(this, tr("About Depot"),
            tr("<h3>Depot %1</h3><p>A desktop message broker you can see into.</p>"
               "<p>AMQP 0-9-1 compatible with RabbitMQ clients.</p>")
                .arg(QStringLiteral(DEPOT_VERSION)));
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("publish")));
    file->addAction(action(QStringLiteral("demo")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("saveBody")));
    file->addSeparator();
    file->addActions({action(QStringLiteral("connectRemote")), action(QStringLiteral("closeRemote"))});
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(action(QStringLiteral("undo")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("find")));
    edit->addAction(action(QStringLiteral("searchAll")));
    edit->addAction(action(QStringLiteral("focusQuery")));
    edit->addAction(action(QStringLiteral("copyBody")));

    QMenu *message = menuBar()->addMenu(tr("&Messages"));
    for (const char *name : {"replay", "replayAll", "replayMatching"})
        message->addAction(action(QLatin1String(name)));
    message->addSeparator();
    for (const char *name : {"move", "copy", "resend"})
        message->addAction(action(QLatin1String(name)));
    message->addSeparator();
    for (const char *name : {"retryNow", "giveUp", "resetAttempts", "retryAllWaiting", "editRetrySchedule"})
        message->addAction(action(QLatin1String(name)));
    message->addSeparator();
    message->addAction(action(QStringLiteral("delete")));
    message->addAction(action(QStringLiteral("purge")));
    message->addAction(action(QStringLiteral("createQueue")));
    message->addAction(action(QStringLiteral("deleteQueue")));
    for (const char *name : {"createExchange", "deleteExchange", "createBinding"})
        message->addAction(action(QLatin1String(name)));
    message->addSeparator();
    message->addAction(action(QStringLiteral("goTo")));
    QAction *findGone = message->addAction(tr("&Find a Gone Message…"));
    findGone->setObjectName(QStringLiteral("findGoneMessage"));
    connect(findGone, &QAction::triggered, this, [this] { findGoneMessage(); });
    message->addSeparator();
    message->addAction(action(QStringLiteral("closeConnection")));
    m_dataActions->addToMenus(file, edit, message);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(action(QStringLiteral("refresh")));
    QMenu *theme = view->addMenu(tr("&Theme"));
    m_themeGroup = new QActionGroup(this);
    const std::pair<ThemeMode, QString> themes[]
        = {{ThemeMode::System, tr("Follow &system")}, {ThemeMode::Light, tr("&Light")}, {ThemeMode::Dark, tr("&Dark")}};
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
    // F6 / Shift+F6 go from pane to pane (queues, the tab's list, the
    // inspector), as in file managers and browsers.
    makeAction(
        this, this, m_actions, "nextPane", {}, tr("Next &pane"), QKeySequence(Qt::Key_F6), [this] { focusPane(+1); });
    makeAction(this, this, m_actions, "previousPane", {}, tr("Pre&vious pane"), QKeySequence(Qt::SHIFT | Qt::Key_F6),
        [this] { focusPane(-1); });
    view->addAction(action(QStringLiteral("nextPane")));
    view->addAction(action(QStringLiteral("previousPane")));
    view->addSeparator();
    const QStringList tabNames
        = {tr("&Messages"), tr("&Exchanges"), tr("&Topics"), tr("Consumer &groups"), tr("&Connections"),
            tr("C&harts"), tr("&Quick start"), tr("&Query")};
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
    toolbar->addSeparator();
    toolbar->addWidget(m_remoteActions->brokers()->selector());

    m_remoteActions->setLocalActions({file, edit, message}, toolbar, {action(QStringLiteral("quit"))},
        {action(QStringLiteral("refresh"))});
}

void MainWindow::buildCentral()
{
    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_queues = new QueueListPanel(m_mainSplitter);

    m_tabs = new QTabWidget(m_mainSplitter);
    m_tabs->setDocumentMode(true);
    m_browser = new MessageBrowser(m_client, m_tabs);
    m_tabs->addTab(m_browser, depotIcon("messages"), tr("Messages"));

    m_exchanges = new ExchangesPanel(m_tabs);
    m_tabs->addTab(m_exchanges, depotIcon("exchange"), tr("Exchanges"));

    m_topicsPanel = new TopicsPanel(m_client, m_tabs);
    m_tabs->addTab(m_topicsPanel, depotIcon("messages"), tr("Topics"));
    m_groupsPanel = new GroupsPanel(m_client, m_tabs);
    m_tabs->addTab(m_groupsPanel, depotIcon("connection"), tr("Consumer groups"));
    const auto showMessage = [this](const QString &text) { statusBar()->showMessage(text, 8000); };
    connect(m_topicsPanel, &TopicsPanel::message, this, showMessage);
    connect(m_groupsPanel, &GroupsPanel::message, this, showMessage);

    m_connections = new ConnectionsPanel(m_tabs);
    m_tabs->addTab(m_connections, depotIcon("connection"), tr("Connections"));

    m_charts = new ChartsView(m_client, m_tabs);
    m_tabs->addTab(m_charts, depotIcon("chart"), tr("Charts"));

    m_quickStart = new QuickStartPanel(m_tabs);
    m_tabs->addTab(m_quickStart, depotIcon("start"), tr("Quick start"));
    m_queryPanel = new QueryPanel(m_client, m_tabs);
    m_tabs->addTab(m_queryPanel, depotIcon("messages"), tr("Query"));
    // A tab's tables are brought up to the latest snapshot as it is shown.
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::refreshShownTables);

    m_mainSplitter->addWidget(m_queues);
    m_mainSplitter->addWidget(m_tabs);
    m_mainSplitter->setStretchFactor(0, 0); // a wider window widens the message list
    m_mainSplitter->setStretchFactor(1, 1);
    // The message list is the main area: the queue list takes what its
    // (default) columns need, at most 38% of the window.
    const int queueWidth = std::min(m_queues->preferredWidth(), DefaultWidth * 38 / 100);
    m_mainSplitter->setSizes({queueWidth, DefaultWidth - queueWidth});
    // The first SQS queue brings the SQS columns: the list widens for them,
    // within the same 38%, never narrower than the user made it.
    connect(m_queues, &QueueListPanel::preferredWidthChanged, this, [this](int wanted) {
        const QList<int> sizes = m_mainSplitter->sizes();
        const int all = sizes.value(0) + sizes.value(1);
        const int width = std::max(sizes.value(0), std::min(wanted, all * 38 / 100));
        if (width != sizes.value(0))
            m_mainSplitter->setSizes({width, all - width});
    });

    // Banners above everything: raised alarms, and a port offer after a failed start.
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_status = new BrokerStatus(m_service, m_client, statusBar(), central);
    centralLayout->addWidget(m_status);
    centralLayout->addWidget(m_mainSplitter, 1);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("brokerPages"));
    m_stack->addWidget(central);
    setCentralWidget(m_stack);
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

void MainWindow::restoreLayout()
{
    QSettings settings(
        QSettings::defaultFormat(), QSettings::UserScope, settingsOrganization(), QCoreApplication::applicationName());
    settings.beginGroup(QStringLiteral("window"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_mainSplitter->restoreState(settings.value(QStringLiteral("mainSplitter")).toByteArray());
    m_browser->splitter()->restoreState(settings.value(QStringLiteral("messageSplitter")).toByteArray());
    m_queues->view()->horizontalHeader()->restoreState(settings.value(QStringLiteral("queueHeader")).toByteArray());
    m_queues->setSqsColumnsOffered(settings.value(QStringLiteral("queueSqsColumnsOffered"), false).toBool());
    m_browser->view()->horizontalHeader()->restoreState(settings.value(QStringLiteral("messageHeader")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("tab"), int(QuickStartTab)).toInt());
    m_charts->setWindowSeconds(settings.value(QStringLiteral("chartWindow"), 60).toInt());
    // The queue and message the user had open: selected again as soon as
    // the queue exists, so Messages and Charts do not open empty.
    m_selectOnArrival = settings.value(QStringLiteral("queue")).toString();
    m_restoreMessage = settings.value(QStringLiteral("message")).toULongLong();
    settings.endGroup();
    const ThemeMode theme = themeFromKey(settings.value(QStringLiteral("theme")).toString());
    applyTheme(theme);
    if (QAction *a = action(QStringLiteral("theme-") + themeKey(theme)))
        a->setChecked(true);
}

void MainWindow::saveLayout()
{
    QSettings settings(
        QSettings::defaultFormat(), QSettings::UserScope, settingsOrganization(), QCoreApplication::applicationName());
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("messageSplitter"), m_browser->splitter()->saveState());
    settings.setValue(QStringLiteral("queueHeader"), m_queues->view()->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("queueSqsColumnsOffered"), m_queues->sqsColumnsOffered());
    settings.setValue(QStringLiteral("messageHeader"), m_browser->view()->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("tab"), m_tabs->currentIndex());
    settings.setValue(QStringLiteral("chartWindow"), m_charts->windowSeconds());
    settings.setValue(QStringLiteral("queue"), currentQueue());
    settings.setValue(QStringLiteral("message"), quint64(m_browser->inspectedId()));
    settings.endGroup();
    settings.setValue(QStringLiteral("theme"), themeKey(currentTheme()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
    // A query nobody can see any more stops taking broker time (a
    // destroyed panel cancels its query too).
    if (event->isAccepted())
        m_queryPanel->stopQuery();
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
    m_status->showStartError(error);
    onBrokerStateChanged();
}

void MainWindow::runDemo()
{
    if (!m_service->isRunning()) {
        m_demoPending = true; // started from onBrokerStateChanged
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
    if (currentQueue().isEmpty() && !selectQueue(QStringLiteral("orders")))
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
    demo->setToolTip(on ? tr("Stop the built-in producers and consumers")
                        : tr("Run built-in producers and "
                             "consumers, some of which fail"));
}

void MainWindow::onBrokerStateChanged()
{
    const bool running = m_service->isRunning();
    m_status->refresh();
    m_quickStart->setPorts(running ? m_service->ports() : QMap<QString, quint16>());
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
    m_queues->updateFromSnapshot(snapshot);
    m_browser->updateFromSnapshot(snapshot);
    m_topicsPanel->updateFromSnapshot(snapshot, false);   // rates need every snapshot
    refreshShownTables();
    m_status->updateFromSnapshot(snapshot);
    if (m_tray)
        m_tray->setToolTip(trayToolTip(*snapshot, m_service->isRunning()));
    if (!m_selectOnArrival.isEmpty() && currentQueue().isEmpty() && selectQueue(m_selectOnArrival)) {
        m_selectOnArrival.clear();
        if (m_restoreMessage != 0)
            m_browser->selectMessage(std::exchange(m_restoreMessage, 0));
    }
}

void MainWindow::refreshShownTables()
{
    const int tab = m_tabs->currentIndex();
    if (tab == ExchangesTab)
        refreshBindings();
    if (tab == ConnectionsTab)
        m_connections->updateFromSnapshot(m_client->snapshot());
    if (tab == TopicsTab)
        m_topicsPanel->refresh();
    if (tab == GroupsTab)
        m_groupsPanel->updateFromSnapshot(m_client->snapshot());
}

void MainWindow::refreshBindings()
{
    const SnapshotPtr snapshot = m_client->snapshot();
    if (m_exchangesShown != snapshot) {
        m_exchanges->updateFromSnapshot(snapshot);
        m_exchangesShown = snapshot;
    }
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
    QString text = tr("Depot — %Ln queue(s): ", nullptr, int(snapshot.queues.size()))
        + tr("%1 ready, %2 unacked, %Ln dead letter(s)", nullptr, int(std::min<quint64>(dead, INT_MAX)))
              .arg(locale.toString(ready), locale.toString(unacked));
    for (auto it = snapshot.alarms.cbegin(); it != snapshot.alarms.cend(); ++it)
        text += u'\n' + tr("⚠ %1").arg(it.value());
    return text;
}

QString MainWindow::currentTrayToolTip() const
{
    return trayToolTip(*m_client->snapshot(), m_service->isRunning());
}

void MainWindow::updateActions()
{
    const bool running = m_service->isRunning();
    m_messageActions->update();
    m_retryActions->update();
    m_dataActions->update();
    m_topologyActions->update();
    action(QStringLiteral("demo"))->setEnabled(running || m_demoPending);
    action(QStringLiteral("refresh"))->setEnabled(running);
}

bool MainWindow::selectQueue(const QString &name)
{
    return m_queues->selectQueue(name);
}

QString MainWindow::currentQueue() const
{
    return m_browser->queue();
}

void MainWindow::onQueueChanged(const QString &name)
{
    if (name == m_browser->queue())
        return;
    m_browser->setQueue(name);
    m_charts->setQueue(name);
    m_queryPanel->setCurrentQueue(name);
    if (!name.isEmpty() && m_tabs->currentIndex() == QuickStartTab)
        m_tabs->setCurrentIndex(MessagesTab);
    updateActions();
}

// ---- the parts' pieces, for tests and screenshots ----
// clang-format off
RemoteBrokers *MainWindow::remoteBrokers() const { return m_remoteActions->brokers(); }
QueueListModel *MainWindow::queueModel() const { return m_queues->model(); }
QSortFilterProxyModel *MainWindow::queueProxy() const { return m_queues->proxy(); }
QTableView *MainWindow::queueView() const { return m_queues->view(); }
QLineEdit *MainWindow::queueFilter() const { return m_queues->filterEdit(); }
MessageListModel *MainWindow::messageModel() const { return m_browser->model(); }
QTableView *MainWindow::messageView() const { return m_browser->view(); }
MessageInspector *MainWindow::inspector() const { return m_browser->inspector(); }
QLineEdit *MainWindow::messageFilter() const { return m_browser->filterEdit(); }
QSplitter *MainWindow::messageSplitter() const { return m_browser->splitter(); }
QTableView *MainWindow::consumerView() const { return m_connections->consumerView(); }
QTableView *MainWindow::channelView() const { return m_connections->channelView(); }
ChannelListModel *MainWindow::channelModel() const { return m_connections->channelModel(); }
QFrame *MainWindow::alarmBanner() const { return m_status->alarmBanner(); }
QLabel *MainWindow::alarmText() const { return m_status->alarmText(); }
QLabel *MainWindow::stateLabel() const { return m_status->stateLabel(); }
QLabel *MainWindow::portsLabel() const { return m_status->portsLabel(); }
QFrame *MainWindow::portOffer() const { return m_status->portOffer(); }
QPushButton *MainWindow::portOfferButton() const { return m_status->portOfferButton(); }
// clang-format on

void MainWindow::setTargetChooserForTests(std::function<std::optional<QString>(const QStringList &)> chooser)
{
    m_queryActions->setTargetChooserForTests(chooser);
    m_messageActions->setTargetChooserForTests(std::move(chooser));
}

void MainWindow::setConfirmForTests(std::function<bool(const QString &)> confirm)
{
    m_retryActions->setConfirmForTests(confirm);
    m_topicsPanel->setConfirmForTests(confirm);
    m_groupsPanel->setConfirmForTests(confirm);
    m_topologyActions->setConfirmForTests(confirm);
    m_queryActions->setConfirmForTests(confirm);
    m_messageActions->setConfirmForTests(std::move(confirm));
}

// clang-format off
void MainWindow::replay(Scope scope) { m_messageActions->replay(scope); }
void MainWindow::transfer(TransferSpec::Mode mode) { m_messageActions->transfer(mode); }
void MainWindow::deleteSelected() { m_messageActions->deleteSelected(); }
void MainWindow::purgeQueue() { m_messageActions->purgeQueue(); }
void MainWindow::publish() { m_messageActions->publish(); }
void MainWindow::editAndResend() { m_messageActions->editAndResend(); }
// clang-format on

void MainWindow::refresh()
{
    m_client->refreshNow();
    m_browser->model()->invalidate();
    m_charts->refresh();
}

} // namespace depot::ui
