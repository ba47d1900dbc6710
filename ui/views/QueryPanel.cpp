#include "ui/views/QueryPanel.h"

#include "broker/query/Query.h"
#include "ui/models/QueryResultModel.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/WindowParts.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace depot::ui {


QueryPanel::QueryPanel(BrokerClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_queryRun([this](quint64 id) {
        if (m_client)
            m_client->cancelQuery(id);
    })
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);

    auto *bar = new QHBoxLayout;
    auto *label = new QLabel(tr("&Query:"), this);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("queryEdit"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setPlaceholderText(tr("body.customer = \"frances\" and deaths.count > 2 and age > 10m"));
    m_edit->setToolTip(tr("A query over messages: fields, comparisons, and, or, not (docs/query.md). Enter runs it."));
    m_edit->setClearButtonEnabled(true);
    label->setBuddy(m_edit);
    m_scope = new QComboBox(this);
    m_scope->addItem(tr("This queue"));
    m_scope->addItem(tr("Queues matching"));
    m_scope->addItem(tr("All queues"));
    m_scope->setCurrentIndex(int(Scope::AllQueues));
    m_scope->setToolTip(tr("Where the query looks"));
    m_pattern = new QLineEdit(this);
    m_pattern->setPlaceholderText(tr("orders.*, billing"));
    m_pattern->setToolTip(tr("Queue names, or patterns with * and ?, separated by commas"));
    m_pattern->setMaximumWidth(200);
    m_run = new QPushButton(tr("Run"), this);
    m_saved = new QToolButton(this);
    m_saved->setText(tr("Saved"));
    m_saved->setPopupMode(QToolButton::InstantPopup);
    m_savedMenu = new QMenu(m_saved);
    m_saved->setMenu(m_savedMenu);
    bar->addWidget(label);
    bar->addWidget(m_edit, 1);
    bar->addWidget(m_scope);
    bar->addWidget(m_pattern);
    bar->addWidget(m_run);
    bar->addWidget(m_saved);
    layout->addLayout(bar);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("queryError"));
    m_error->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_error->setStyleSheet(QStringLiteral("color: #d03a2f;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);

    auto *progressLine = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_status = new QLabel(tr("Type a query and press Enter."), this);
    progressLine->addWidget(m_progress);
    progressLine->addWidget(m_cancel);
    progressLine->addWidget(m_status, 1);
    layout->addLayout(progressLine);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("querySplitter"));
    auto *left = new QWidget(m_splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_model = new QueryResultModel(this);
    m_view = makeTable(left);
    m_view->setObjectName(QStringLiteral("queryResults"));
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->horizontalHeader()->resizeSection(QueryResultModel::Queue, 110);
    m_view->horizontalHeader()->resizeSection(QueryResultModel::Id, 80);
    m_view->horizontalHeader()->resizeSection(QueryResultModel::Body, 260);
    m_view->horizontalHeader()->resizeSection(QueryResultModel::DeadLetter, 130);
    m_view->horizontalHeader()->resizeSection(QueryResultModel::Enqueued, 170);
    m_actionBar = new QWidget(left);
    auto *actions = new QHBoxLayout(m_actionBar);
    actions->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_view, 1);
    leftLayout->addWidget(m_actionBar);
    m_inspector = new MessageInspector(m_splitter);
    m_inspector->setQueueTypeOf([this](const QString &queue) {
        const QueueRow *row = m_client->snapshot()->queue(queue);
        return row ? row->arguments.value(QStringLiteral("x-queue-type")).toString() : QString();
    });
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setCollapsible(0, false);
    layout->addWidget(m_splitter, 1);

    connect(m_edit, &QLineEdit::returnPressed, this, &QueryPanel::run);
    connect(m_edit, &QLineEdit::textEdited, this, &QueryPanel::clearError);
    connect(m_run, &QPushButton::clicked, this, &QueryPanel::run);
    connect(m_pattern, &QLineEdit::returnPressed, this, &QueryPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &QueryPanel::cancel);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &QueryPanel::updateScope);
    connect(m_savedMenu, &QMenu::aboutToShow, this, &QueryPanel::fillSavedMenu);
    connect(m_client, &BrokerClient::queryMatched, this, &QueryPanel::onMatched);
    connect(m_client, &BrokerClient::queryProgress, this, &QueryPanel::onProgress);
    connect(m_client, &BrokerClient::queryFinished, this, &QueryPanel::onFinished);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &QueryPanel::inspectCurrent);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const BrokerClient::QueryResult &result = m_model->resultAt(index.row());
        Q_EMIT openMessage(result.queue, result.row.id, false);
    });
    connect(m_inspector, &MessageInspector::editAndResendRequested, this, [this] {
        if (m_inspector->message())
            Q_EMIT openMessage(m_inspector->queue(), m_inspector->message()->state.id, true);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &QueryPanel::stateChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QueryPanel::stateChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &QueryPanel::stateChanged);
    fillSavedMenu(); // the menu's actions exist (and answer their shortcuts) before it is first shown
    updateScope();
    updateButtons();
}

QueryPanel::~QueryPanel()
{
    if (m_queryRun.id() != 0 && m_client)
        m_client->cancelQuery(m_queryRun.id());
}

void QueryPanel::setCurrentQueue(const QString &queue)
{
    m_currentQueue = queue;
    updateScope();
}

void QueryPanel::setScope(Scope scope, const QString &pattern)
{
    m_scope->setCurrentIndex(int(scope));
    m_pattern->setText(pattern);
    updateScope();
}

QueryPanel::Scope QueryPanel::scope() const
{
    return Scope(m_scope->currentIndex());
}

void QueryPanel::updateScope()
{
    m_scope->setItemText(
        int(Scope::ThisQueue), m_currentQueue.isEmpty() ? tr("This queue") : tr("This queue (%1)").arg(m_currentQueue));
    m_pattern->setVisible(scope() == Scope::Matching);
}

void QueryPanel::focusQuery()
{
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

bool QueryPanel::run()
{
    clearError();
    query::QueryError error;
    const query::Query query = query::Query::parse(m_edit->text(), &error);
    if (!query.isValid()) {
        showError(error.position, error.message);
        return false;
    }
    QuerySpec spec;
    spec.query = query;
    switch (scope()) {
    case Scope::ThisQueue:
        if (m_currentQueue.isEmpty()) {
            showError(0, tr("No queue is selected: select one in the list, or choose All queues."));
            return false;
        }
        spec.queues = {m_currentQueue};
        break;
    case Scope::Matching:
        for (const QString &part : m_pattern->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!part.trimmed().isEmpty())
                spec.queues << part.trimmed();
        }
        if (spec.queues.isEmpty()) {
            showError(0, tr("Say which queues: names or patterns such as orders.*, separated by commas."));
            return false;
        }
        break;
    case Scope::AllQueues:
        break;
    }
    return start(spec);
}

bool QueryPanel::start(const QuerySpec &spec)
{
    m_spec = spec;
    m_leftOut = 0;
    m_model->clear();
    m_inspector->showNothing();
    m_progress->setRange(0, 0); // busy until the first slice says how far
    m_status->setText(tr("Starting…"));
    const bool posted = m_queryRun.start(
        [this, &spec](QueryRun::Answer answer) { return m_client->startQuery(this, spec, std::move(answer)); },
        [this](const QString &refusal) {
            showError(0, refusal);
            updateButtons();
        });
    if (!posted)
        showError(0, tr("Depot is not running."));
    updateButtons();
    return posted;
}

void QueryPanel::cancel()
{
    if (m_working) {
        if (m_cancelWork)
            m_cancelWork();
        return;
    }
    stopQuery();
}

void QueryPanel::stopQuery()
{
    if (!m_queryRun.running() || m_queryRun.stop())
        return; // none runs, or queryFinished (cancelled) ends it
    m_status->setText(tr("Cancelled."));
    updateButtons();
}

void QueryPanel::onMatched(quint64 id, const QList<BrokerClient::QueryResult> &results)
{
    if (!m_queryRun.isCurrent(id))
        return;
    m_leftOut += m_model->append(results);
    if (m_model->rowCount() > 0 && !m_view->currentIndex().isValid() && m_view->selectionModel())
        m_view->selectionModel()->setCurrentIndex(m_model->index(0, 0), QItemSelectionModel::NoUpdate);
}

void QueryPanel::onProgress(const QueryProgress &progress)
{
    if (!m_queryRun.isCurrent(progress.id))
        return;
    showProgress(progress);
}

void QueryPanel::onFinished(const QueryProgress &progress)
{
    if (!m_queryRun.isCurrent(progress.id))
        return;
    m_queryRun.end();
    showProgress(progress);
    updateButtons();
    Q_EMIT finished(progress);
}

void QueryPanel::showProgress(const QueryProgress &progress)
{
    const QLocale locale;
    const quint64 total = std::max<quint64>(progress.messagesTotal, 1);
    m_progress->setRange(0, 1000);
    m_progress->setValue(progress.done ? 1000 : int(std::min<quint64>(progress.scanned, total) * 1000 / total));
    const QString looked = tr("%1 of %2 messages looked at in %3 of %4 queues")
                               .arg(locale.toString(progress.scanned), locale.toString(progress.messagesTotal),
                                   locale.toString(progress.queuesDone), locale.toString(progress.queuesTotal));
    const int matched = int(std::min<quint64>(progress.matched, INT_MAX));
    QString text = tr("%Ln match(es)", nullptr, matched) + QStringLiteral(" · ") + looked;
    if (m_leftOut > 0)
        text += QStringLiteral(" · ") + tr("the first %Ln listed", nullptr, m_model->rowCount());
    if (progress.cancelled)
        text = tr("Cancelled: %1").arg(text);
    else if (progress.done)
        text = tr("Done: %1").arg(text);
    m_status->setText(text);
}

void QueryPanel::showError(qsizetype position, const QString &message)
{
    m_errorPosition = position;
    markQueryError(m_edit, m_error, position,
        position > 0 ? tr("Column %1: %2").arg(QString::number(position), message) : message);
    m_status->setText(tr("Nothing ran."));
}

void QueryPanel::clearError()
{
    if (m_error->isHidden())
        return;
    m_errorPosition = 0;
    unmarkQueryError(m_edit, m_error);
}

void QueryPanel::inspectCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    const quint64 token = ++m_inspectToken;
    if (!current.isValid()) {
        m_inspector->showNothing();
        return;
    }
    const BrokerClient::QueryResult result = m_model->resultAt(current.row());
    m_client->message(this, result.queue, result.row.id, [this, token, result](std::optional<MessageView> view) {
        if (token != m_inspectToken)
            return;
        if (view)
            m_inspector->showMessage(result.queue, *view);
        else
            m_inspector->showNothing(tr("This message has left %1 since the query found it.").arg(result.queue));
    });
}

bool QueryPanel::hasResults() const
{
    return m_model->rowCount() > 0;
}

QStringList QueryPanel::scopeQueues() const
{
    QStringList names;
    const SnapshotPtr snapshot = m_client->snapshot();
    for (const QueueRow &q : snapshot->queues) {
        bool picked = m_spec.queues.isEmpty();
        for (const QString &pattern : m_spec.queues)
            picked = picked || query::likePattern(pattern).match(q.name).hasMatch();
        if (picked && m_spec.query.mayMatchQueue(q.name))
            names << q.name;
    }
    names.sort();
    return names;
}

QList<BrokerClient::QueryResult> QueryPanel::selectedResults() const
{
    QList<BrokerClient::QueryResult> results;
    if (!m_view->selectionModel())
        return results;
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        results.append(m_model->resultAt(index.row()));
    return results;
}

void QueryPanel::showWork(const QString &text, quint64 done, quint64 total, std::function<void()> cancel)
{
    m_working = true;
    m_cancelWork = std::move(cancel);
    m_progress->setRange(0, 1000);
    m_progress->setValue(total > 0 ? int(std::min(done, total) * 1000 / total) : 0);
    m_status->setText(text);
    updateButtons();
}

void QueryPanel::endWork()
{
    m_working = false;
    m_cancelWork = nullptr;
    updateButtons();
    // What matches now: the messages acted on have left (or stayed, copied).
    // The same query over the same queues, whatever the bar says by now.
    start(m_spec);
}

void QueryPanel::updateButtons()
{
    const bool busy = m_queryRun.running() || m_working;
    m_progress->setVisible(busy || m_progress->value() > 0);
    m_run->setEnabled(!m_working);
    m_cancel->setEnabled(m_queryRun.running() || (m_working && m_cancelWork));
    Q_EMIT stateChanged();
}

QString QueryPanel::askName(const QString &title, const QString &current)
{
    if (m_testName)
        return m_testName(current);
    bool ok = false;
    const QString name = QInputDialog::getText(this, title, tr("Name:"), QLineEdit::Normal, current, &ok);
    return ok ? name.trimmed() : QString();
}

void QueryPanel::saveQuery(const QString &name)
{
    if (name.trimmed().isEmpty())
        return;
    SavedQueries::save({name.trimmed(), m_edit->text().trimmed(), int(scope()), m_pattern->text().trimmed()});
}

void QueryPanel::openSaved(const SavedQuery &query)
{
    m_edit->setText(query.text);
    setScope(Scope(std::clamp(query.scope, 0, int(Scope::AllQueues))), query.pattern);
    run();
}

void QueryPanel::fillSavedMenu()
{
    m_savedMenu->clear();
    QAction *save = m_savedMenu->addAction(tr("&Save query as…"), this, [this] {
        const QString name = askName(tr("Save query"), QString());
        if (!name.isEmpty())
            saveQuery(name);
    });
    save->setObjectName(QStringLiteral("saveQuery"));
    const QList<SavedQuery> saved = SavedQueries::load();
    if (!saved.isEmpty())
        m_savedMenu->addSeparator();
    for (const SavedQuery &query : saved) {
        QAction *open = m_savedMenu->addAction(query.name, this, [this, query] { openSaved(query); });
        open->setToolTip(query.text);
    }
    m_savedMenu->addSeparator();
    QAction *manage = m_savedMenu->addAction(tr("&Manage saved queries…"), this, &QueryPanel::manageSaved);
    manage->setEnabled(!saved.isEmpty());
}

void QueryPanel::manageSaved()
{
    // Window-modal, not blocking: the list changes as the user renames and deletes.
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Saved queries"));
    dialog->setWindowModality(Qt::WindowModal);
    auto *layout = new QVBoxLayout(dialog);
    auto *list = new QListWidget(dialog);
    layout->addWidget(list, 1);
    const auto fill = [list] {
        list->clear();
        for (const SavedQuery &query : SavedQueries::load()) {
            auto *item = new QListWidgetItem(query.name + QStringLiteral(" — ") + query.text, list);
            item->setData(Qt::UserRole, query.name);
        }
        list->setCurrentRow(0);
    };
    fill();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QPushButton *rename = buttons->addButton(tr("&Rename…"), QDialogButtonBox::ActionRole);
    QPushButton *remove = buttons->addButton(tr("&Delete"), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    connect(rename, &QPushButton::clicked, dialog, [this, list, fill] {
        if (!list->currentItem())
            return;
        const QString from = list->currentItem()->data(Qt::UserRole).toString();
        const QString to = askName(tr("Rename saved query"), from);
        if (!to.isEmpty() && !SavedQueries::rename(from, to))
            m_status->setText(tr("A saved query is named %1 already.").arg(to));
        fill();
    });
    connect(remove, &QPushButton::clicked, dialog, [list, fill] {
        if (list->currentItem())
            SavedQueries::remove(list->currentItem()->data(Qt::UserRole).toString());
        fill();
    });
    connect(list, &QListWidget::itemActivated, dialog, [this, dialog](QListWidgetItem *item) {
        const QString name = item->data(Qt::UserRole).toString();
        for (const SavedQuery &query : SavedQueries::load()) {
            if (query.name == name)
                openSaved(query);
        }
        dialog->close();
    });
    dialog->resize(520, 320);
    dialog->show();
}

} // namespace depot::ui
