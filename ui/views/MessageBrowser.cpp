#include "ui/views/MessageBrowser.h"

#include "ui/client/BrokerClient.h"
#include "ui/models/MessageListModel.h"
#include "ui/models/RetrySchedule.h"
#include "ui/views/MessageInspector.h"
#include "ui/views/WindowParts.h"

#include <QApplication>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>
#include <utility>

namespace depot::ui {

MessageBrowser::MessageBrowser(BrokerClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    // The queue's title and count on a row of their own: beside the filter
    // they left it ~80 px at the default window size.
    auto *titleRow = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long name is cut, not the pane widened
    titleRow->addWidget(m_title, 1);
    layout->addLayout(titleRow);
    auto *filterRow = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter messages by body and headers, Enter to search"));
    m_filter->setClearButtonEnabled(true);
    filterRow->addWidget(m_filter, 1);
    m_regex = new QCheckBox(tr("Regex"), this);
    m_caseSensitive = new QCheckBox(tr("Match case"), this);
    filterRow->addWidget(m_regex);
    filterRow->addWidget(m_caseSensitive);
    // Messages a consumer returned that x-retry-delays holds back: alone, or
    // those of them that match the text as well.
    m_waitingRetry = new QCheckBox(tr("Waiting to be retried"), this);
    m_waitingRetry->setObjectName(QStringLiteral("waitingRetryFilter"));
    m_waitingRetry->setToolTip(tr("Only messages waiting for their next attempt (x-retry-delays)"));
    filterRow->addWidget(m_waitingRetry);
    // The progress bar is as wide as its text needs (capped at 160 px, the
    // text was drawn under the Stop button), and both keep their place while
    // hidden: showing them when a scan started made the filter jump.
    m_scanProgress = new QProgressBar(this);
    m_scanProgress->setFormat(tr("%p% scanned"));
    m_scanProgress->setTextVisible(true);
    m_scanProgress->setAlignment(Qt::AlignCenter);
    m_scanProgress->setFixedWidth(
        fontMetrics().horizontalAdvance(tr("%p% scanned").replace(QStringLiteral("%p"), QStringLiteral("100")))
        + 4 * fontMetrics().averageCharWidth() + 16);
    QSizePolicy keep = m_scanProgress->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_scanProgress->setSizePolicy(keep);
    m_scanProgress->hide();
    filterRow->addWidget(m_scanProgress);
    m_scanCancel = new QToolButton(this);
    m_scanCancel->setText(tr("Stop"));
    keep = m_scanCancel->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_scanCancel->setSizePolicy(keep);
    m_scanCancel->hide();
    filterRow->addSpacing(4);
    filterRow->addWidget(m_scanCancel);
    m_count = new QLabel(this);
    titleRow->addWidget(m_count);
    layout->addLayout(filterRow);
    connect(m_filter, &QLineEdit::returnPressed, this, &MessageBrowser::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && m_model->isFiltered())
            applyFilter();
    });
    connect(m_regex, &QCheckBox::toggled, this, &MessageBrowser::applyFilter);
    connect(m_caseSensitive, &QCheckBox::toggled, this, &MessageBrowser::applyFilter);
    connect(m_waitingRetry, &QCheckBox::toggled, this, &MessageBrowser::applyFilter);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("messageSplitter"));
    m_model = new MessageListModel(m_client, this);
    m_view = makeTable(m_splitter);
    m_view->setObjectName(QStringLiteral("messageView"));
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->horizontalHeader()->resizeSection(MessageListModel::Position, 70);
    m_view->horizontalHeader()->resizeSection(MessageListModel::Enqueued, 170);
    m_view->horizontalHeader()->resizeSection(MessageListModel::Size, 70);
    m_view->horizontalHeader()->resizeSection(MessageListModel::Deliveries, 75);
    m_view->horizontalHeader()->resizeSection(MessageListModel::RoutingKey, 130);
    m_view->horizontalHeader()->resizeSection(MessageListModel::ContentType, 120);
    m_view->horizontalHeader()->resizeSection(MessageListModel::DeadLetter, 150);
    // The body is what people look for: a preview early in the row, right
    // after the position, rather than last and off-screen. The user can hide,
    // show and reorder columns; the window remembers them.
    m_view->horizontalHeader()->resizeSection(MessageListModel::Body, 300);
    m_view->horizontalHeader()->moveSection(m_view->horizontalHeader()->visualIndex(MessageListModel::Body), 1);
    makeColumnsConfigurable(m_view);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MessageBrowser::onCurrentChanged);
    connect(
        m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MessageBrowser::onSelectionChanged);
    connect(m_model, &MessageListModel::pageLoaded, this, [this](int first, int last) {
        if (m_pendingRow >= first && m_pendingRow <= last) {
            const int row = std::exchange(m_pendingRow, -1);
            if (row < m_model->rowCount()) {
                const QModelIndex index = m_model->index(row, 0);
                m_view->selectionModel()->setCurrentIndex(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                return;
            }
        }
        followSelection();
        if (m_inspectedId != 0) {
            followInspectedMessage(first, last);
            return;
        }
        // The current row's message has just arrived.
        const int current = m_view->currentIndex().row();
        if (current >= first && current <= last)
            onCurrentChanged();
    });
    // A filter's matches are scanned again when the queue moves (the model
    // resets and the matches come back in chunks): keep the inspected message
    // through the reset and find its row among the new matches.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        if (m_inspectedId != 0 && m_model->isFiltered())
            m_followingMessage = true;
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_followingMessage = false; });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (!m_model->isFiltered())
            return;
        followSelection();
        if (m_inspectedId != 0)
            followInspectedMessage(first, last);
    });
    connect(m_model, &MessageListModel::scanProgress, this, [this](quint64 scanned, quint64 total, quint64 matches) {
        m_scanProgress->show();
        m_scanCancel->show();
        m_scanProgress->setRange(0, 1000);
        m_scanProgress->setValue(total ? int(scanned * 1000 / total) : 1000);
        m_count->setText(tr("%Ln match(es)", nullptr, int(std::min<quint64>(matches, INT_MAX))));
    });
    connect(m_model, &MessageListModel::scanFinished, this, [this](quint64 matches, bool truncated) {
        if (m_inspectedId != 0 && m_model->loadedRowOf(m_inspectedId) < 0)
            locateInspectedMessage(); // not among the matches any more: has it left the queue?
        m_scanProgress->hide();
        m_scanCancel->hide();
        const int n = int(std::min<quint64>(matches, INT_MAX));
        m_count->setText(truncated ? tr("first %Ln match(es)", nullptr, n) : tr("%Ln match(es)", nullptr, n));
        Q_EMIT stateChanged();
    });
    connect(m_scanCancel, &QToolButton::clicked, m_model, &MessageListModel::cancelScan);

    m_inspector = new MessageInspector(m_splitter);
    connect(m_inspector, &MessageInspector::visibilityChanged, this, &MessageBrowser::rereadInspectedMessage);
    m_inspector->setQueueTypeOf([this](const QString &queue) {
        const SnapshotPtr snapshot = m_client->snapshot();
        const QueueRow *row = snapshot ? snapshot->queue(queue) : nullptr;
        return row ? row->arguments.value(QStringLiteral("x-queue-type")).toString() : QString();
    });
    m_inspector->setRetryDelaysOf([this](const QString &queue) {
        const SnapshotPtr snapshot = m_client->snapshot();
        const QueueRow *row = snapshot ? snapshot->queue(queue) : nullptr;
        return row ? RetrySchedule::delaysOf(*row) : QList<qint64>();
    });
    m_inspector->setHistorySource(
        [this](MessageId id, QObject *context, MessageInspector::HistoryAnswer answer) {
            m_client->messageHistory(context, id, std::move(answer));
        });
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setCollapsible(0, false); // the inspector may be dragged away, the list not
    layout->addWidget(m_splitter, 1);
}

void MessageBrowser::selectMessage(MessageId id)
{
    const QString queue = m_queue;
    m_client->message(this, queue, id, [this, queue](std::optional<MessageView> view) {
        // Gone meanwhile, another queue, or the user chose a row already.
        if (!view || queue != m_queue || m_view->currentIndex().isValid() || m_model->isFiltered())
            return;
        if (view->position >= quint64(m_model->rowCount()))
            return;
        // As a click does: the page loads, the inspector follows the current row.
        const QModelIndex index = m_model->index(int(view->position), 0);
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    });
}

void MessageBrowser::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Below the list, the inspector left it 7 rows at the default window;
    // beside it the list has the whole height. Sizes are set only when the
    // orientation changes, so the user's (and the saved) split stays.
    const Qt::Orientation wanted = width() >= InspectorBesideMinWidth ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() == wanted)
        return;
    m_splitter->setOrientation(wanted);
    const int extent = wanted == Qt::Horizontal ? m_splitter->width() : m_splitter->height();
    const int list = wanted == Qt::Horizontal ? extent * 57 / 100 : extent * 55 / 100;
    m_splitter->setSizes({list, extent - list});
}

QList<MessageRow> MessageBrowser::selectedRows() const
{
    QList<MessageRow> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        if (const MessageRow *row = m_model->rowAt(index.row()))
            rows.append(*row);
    }
    return rows;
}

void MessageBrowser::goTo(const QString &where, std::function<void(const QString &)> answer)
{
    const QString text = where.trimmed();
    const bool byPosition = text.startsWith(u'#');
    bool ok = false;
    const qulonglong n
        = (byPosition ? text.mid(1) : text).trimmed().remove(QLocale().groupSeparator()).toULongLong(&ok);
    if (m_queue.isEmpty() || !ok || n == 0) {
        answer(tr("Type #N for the N-th message listed, or a message id."));
        return;
    }
    const auto select = [this](int row) {
        const QModelIndex index = m_model->index(row, 0);
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
        m_view->setFocus();
    };
    if (byPosition) {
        if (n > quint64(m_model->rowCount())) {
            answer(tr("%1 lists %Ln message(s).", nullptr, m_model->rowCount()).arg(m_queue));
            return;
        }
        select(int(n - 1));
        answer(QString());
        return;
    }
    const QString queue = m_queue;
    m_client->message(this, queue, MessageId(n), [this, queue, n, select, answer](std::optional<MessageView> view) {
        if (queue != m_queue)
            return;
        if (!view) {
            answer(tr("No message %1 in %2.").arg(QLocale().toString(n), queue));
            return;
        }
        if (m_model->isFiltered()) {
            const int row = m_model->loadedRowOf(MessageId(n));
            if (row < 0) {
                answer(tr("Message %1 does not match the filter.").arg(QLocale().toString(n)));
                return;
            }
            select(row);
        } else if (view->position < quint64(m_model->rowCount())) {
            select(int(view->position));
        }
        answer(QString());
    });
}

bool MessageBrowser::selectionHasDeadLetter() const
{
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        const MessageRow *row = m_model->rowAt(index.row());
        if (row && !row->deathQueue.isEmpty())
            return true;
    }
    return false;
}

void MessageBrowser::onCurrentChanged()
{
    if (!m_followingMessage)
        m_pendingRow = -1; // the user (or we) chose a row: nothing is owed
    Q_EMIT stateChanged();
    if (m_followingMessage)
        return; // the row moved with the message the inspector shows
    const QModelIndex current = m_view->currentIndex();
    const MessageRow *row = current.isValid() ? m_model->rowAt(current.row()) : nullptr;
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
    const QString queue = m_queue;
    const MessageId id = row->id;
    m_client->message(this, queue, id, [this, queue, id](std::optional<MessageView> view) {
        if (queue != m_queue || id != m_inspectedId)
            return; // the user has moved on
        if (view)
            m_inspector->showMessage(queue, *view);
        else
            m_inspector->showNothing(tr("This message has left the queue (consumed, moved or expired)."));
        Q_EMIT stateChanged();
    });
}

void MessageBrowser::followInspectedMessage(int first, int last)
{
    const int current = m_view->currentIndex().row();
    const int row = m_model->loadedRowOf(m_inspectedId);
    if (row >= 0) {
        if (row != current)
            moveCurrentRow(row);
        // Received, deleted back to ready by a timeout, received again: the
        // inspector's receive count and visibility are read again.
        const MessageRow *r = m_model->rowAt(row);
        const auto &shown = m_inspector->message();
        if (r && shown && shown->state.id == r->id
            && (shown->unacked != r->unacked || shown->state.deliveryCount != r->deliveryCount))
            rereadInspectedMessage();
        return;
    }
    // Not in the rows loaded since the queue moved. If the current row was
    // just read again, the message is no longer there: ask where it went.
    if (!m_model->isFiltered() && current >= first && current <= last)
        locateInspectedMessage();
}

void MessageBrowser::rereadInspectedMessage()
{
    const QString queue = m_queue;
    const MessageId id = m_inspectedId;
    if (id == 0 || m_rereading)
        return;
    m_rereading = true;
    m_client->message(this, queue, id, [this, queue, id](std::optional<MessageView> view) {
        m_rereading = false;
        if (queue != m_queue || id != m_inspectedId || !view)
            return; // moved on, or gone (the next page read finds out)
        m_inspector->showMessage(queue, *view);
        Q_EMIT stateChanged();
    });
}

void MessageBrowser::locateInspectedMessage()
{
    const QString queue = m_queue;
    const MessageId id = m_inspectedId;
    m_client->message(this, queue, id, [this, queue, id](std::optional<MessageView> view) {
        if (queue != m_queue || id != m_inspectedId)
            return; // the user has moved on
        if (!view) {
            if (m_selectionIds.size() <= 1) {
                m_followingMessage = true;
                m_view->selectionModel()->clear();
                m_followingMessage = false;
                forgetSelection();
            }
            m_inspectedId = 0;
            m_inspector->showNothing(tr("This message has left the queue (consumed, moved or expired)."));
            Q_EMIT stateChanged();
            return;
        }
        // Still in the queue. Without a filter its position is its row (the
        // page there loads, and the next pageLoaded checks again); with one it
        // no longer matches, or lies beyond the matches listed: the inspector
        // keeps it and no row is selected.
        if (m_model->isFiltered()) {
            if (m_model->loadedRowOf(id) < 0 && m_selectionIds.size() <= 1) {
                m_followingMessage = true;
                m_view->selectionModel()->clear();
                m_followingMessage = false;
                forgetSelection();
            }
            return;
        }
        if (view->position < quint64(m_model->rowCount()))
            moveCurrentRow(int(view->position));
    });
}

void MessageBrowser::moveCurrentRow(int row)
{
    QItemSelectionModel *selection = m_view->selectionModel();
    if (m_selectionIds.size() > 1)
        return; // a selection of several rows is the user's; only the inspector keeps its message
    const QModelIndex old = m_view->currentIndex();
    const bool wasShown = old.isValid() && m_view->viewport()->rect().intersects(m_view->visualRect(old));
    const QModelIndex target = m_model->index(row, std::max(0, old.column()));
    m_followingMessage = true;
    selection->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_followingMessage = false;
    if (wasShown)
        m_view->scrollTo(target, QAbstractItemView::EnsureVisible);
}

void MessageBrowser::onSelectionChanged()
{
    if (m_followingMessage) {
        Q_EMIT stateChanged();
        return;
    }
    forgetSelection();
    m_selectionGeneration = m_model->generation();
    QList<std::pair<int, int>> ranges;
    const QItemSelection selection = m_view->selectionModel()->selection();
    for (const QItemSelectionRange &range : selection)
        ranges.append({range.top(), range.bottom()});
    std::sort(ranges.begin(), ranges.end());
    QList<MessageId> ids; // 0 where a row is not loaded
    struct Hole
    {
        qsizetype at; // index in ids
        int first; // rows
        int last;
    };
    QList<Hole> holes;
    int next = 0; // rows below this are taken (ranges can overlap)
    for (auto [top, bottom] : ranges) {
        top = std::max(top, next);
        if (top > bottom)
            continue;
        next = bottom + 1;
        const QList<MessageId> shown = m_model->shownIds(top, bottom);
        for (qsizetype i = 0; i < shown.size(); ++i) {
            if (shown.at(i) == 0) {
                const int row = top + int(i);
                if (!holes.isEmpty() && holes.last().last == row - 1
                    && holes.last().at + (row - holes.last().first) == ids.size())
                    holes.last().last = row;
                else
                    holes.append({ids.size(), row, row});
            }
            ids.append(shown.at(i));
        }
    }
    if (holes.isEmpty()) {
        m_selectionIds = ids;
        Q_EMIT stateChanged();
        return;
    }
    // Some selected rows were never shown (a Shift+click far down, Ctrl+A):
    // read their ids now, so an action takes every selected message.
    m_selectionResolving = true;
    Q_EMIT stateChanged();
    const quint64 token = m_selectionToken;
    const QString queue = m_queue;
    QList<std::pair<int, int>> rows;
    for (const Hole &h : holes)
        rows.append({h.first, h.last});
    const bool posted
        = m_client->browseIds(this, queue, rows, [this, token, ids, holes](const QList<QList<MessageId>> &found) {
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
              Q_EMIT stateChanged();
          });
    if (!posted) {
        m_selectionIds = ids;
        m_selectionIds.removeAll(MessageId(0));
        m_selectionResolving = false;
        Q_EMIT stateChanged();
    }
}

void MessageBrowser::forgetSelection()
{
    ++m_selectionToken;
    m_selectionIds.clear();
    m_selectionResolving = false;
}

void MessageBrowser::followSelection()
{
    if (m_selectionIds.size() < 2 || m_selectionResolving || m_model->generation() == m_selectionGeneration)
        return; // one row follows the inspector; a queue that has not moved needs nothing
    const QList<int> rows = m_model->loadedRowsOf(QSet<MessageId>(m_selectionIds.cbegin(), m_selectionIds.cend()));
    QItemSelection selection;
    const int lastColumn = m_model->columnCount() - 1;
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        selection.select(m_model->index(rows.at(i), 0), m_model->index(rows.at(j), lastColumn));
        i = j + 1;
    }
    m_followingMessage = true;
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_followingMessage = false;
}

void MessageBrowser::applyFilter()
{
    MessageFilter filter;
    filter.text = m_filter->text();
    filter.regex = m_regex->isChecked();
    filter.caseSensitive = m_caseSensitive->isChecked();
    filter.waitingRetry = m_waitingRetry->isChecked();
    if (filter.regex && !filter.text.isEmpty()) {
        const QRegularExpression re(filter.text);
        if (!re.isValid()) {
            m_count->setText(tr("Invalid regular expression: %1").arg(re.errorString()));
            return;
        }
    }
    if (filter.isEmpty() && !m_model->isFiltered())
        return;
    m_inspector->showNothing();
    m_inspectedId = 0;
    forgetSelection();
    m_model->setFilter(filter);
    if (filter.isEmpty()) {
        const QueueRow *q = m_client->snapshot()->queue(m_queue);
        m_model->updateFromSnapshot(m_client->snapshot());
        m_count->setText(tr("%Ln message(s)", nullptr, int(q ? q->total() : 0)));
    }
    Q_EMIT stateChanged();
}

MessageBrowser::~MessageBrowser() = default;

void MessageBrowser::setQueue(const QString &name)
{
    if (name == m_queue)
        return;
    // Each queue keeps its own filter: switching away and back finds it as
    // it was (scanned again, the queue has moved meanwhile).
    const MessageFilter leaving{
        m_filter->text(), m_regex->isChecked(), m_caseSensitive->isChecked(), m_waitingRetry->isChecked()};
    if (!m_queue.isEmpty()) {
        if (leaving.isEmpty())
            m_filters.remove(m_queue);
        else
            m_filters.insert(m_queue, leaving);
    }
    m_queue = name;
    const QueueRow *q = m_client->snapshot()->queue(name);
    const MessageFilter kept = m_filters.value(name);
    for (QWidget *w : std::initializer_list<QWidget *>{m_filter, m_regex, m_caseSensitive, m_waitingRetry})
        w->blockSignals(true);
    m_filter->setText(kept.text);
    m_regex->setChecked(kept.regex);
    m_caseSensitive->setChecked(kept.caseSensitive);
    m_waitingRetry->setChecked(kept.waitingRetry);
    for (QWidget *w : std::initializer_list<QWidget *>{m_filter, m_regex, m_caseSensitive, m_waitingRetry})
        w->blockSignals(false);
    forgetSelection();
    m_pendingRow = -1;
    m_model->setQueue(name, q ? q->total() : 0);
    m_inspector->showNothing();
    m_inspectedId = 0;
    m_title->setText(name.isEmpty() ? QString() : tr("<b>%1</b>").arg(name.toHtmlEscaped()));
    m_count->setText(name.isEmpty() ? QString() : tr("%Ln message(s)", nullptr, int(q ? q->total() : 0)));
    // A queue with a retry schedule: the Deliveries column is wide enough
    // for "attempt 3 of 6, next delivery in 12 s".
    if (q && !RetrySchedule::delaysOf(*q).isEmpty()) {
        const int wanted
            = m_view->fontMetrics().horizontalAdvance(RetrySchedule::attemptText(10, 1, 10, 1 - 600'000)) + 16;
        if (m_view->horizontalHeader()->sectionSize(MessageListModel::Deliveries) < wanted)
            m_view->horizontalHeader()->resizeSection(MessageListModel::Deliveries, wanted);
    }
    Q_EMIT stateChanged();
    if (!kept.isEmpty())
        applyFilter();
}

void MessageBrowser::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    m_model->updateFromSnapshot(snapshot);
    if (m_queue.isEmpty())
        return;
    const QueueRow *q = snapshot->queue(m_queue);
    QString title
        = q ? tr("<b>%1</b>").arg(m_queue.toHtmlEscaped()) : tr("<b>%1</b> (deleted)").arg(m_queue.toHtmlEscaped());
    if (q && !q->fedBy.isEmpty())
        title += tr(" · dead letters of %1").arg(q->fedBy.join(QStringLiteral(", ")).toHtmlEscaped());
    else if (q && !q->deadLettersGoTo.isEmpty())
        title += tr(" · dead letters go to %1").arg(q->deadLettersGoTo.join(QStringLiteral(", ")).toHtmlEscaped());
    m_title->setText(title);
    if (!m_model->isFiltered())
        m_count->setText(tr("%Ln message(s)", nullptr, int(q ? q->total() : 0)));
}

void MessageBrowser::reload()
{
    m_view->clearSelection();
    m_model->invalidate();
}

void MessageBrowser::messagesChanged()
{
    m_model->invalidate(); // a filtered list scans again
    rereadInspectedMessage();
}

int MessageBrowser::firstSelectedRow() const
{
    int first = -1;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        first = first < 0 ? index.row() : std::min(first, index.row());
    return first;
}

void MessageBrowser::selectAfterRemoval(int row, quint64 removed)
{
    reload();
    // The removed message is not inspected any more; its old row still
    // shows it until the page is read again, so the row is selected once it
    // has been (pageLoaded), not now.
    m_inspectedId = 0;
    m_inspector->showNothing();
    m_pendingRow = -1;
    // No current row until then (selecting the row that is current already
    // would not tell the inspector).
    m_followingMessage = true;
    m_view->selectionModel()->clearCurrentIndex();
    m_followingMessage = false;
    // The model's row count follows the snapshots: it may not know yet.
    const qint64 left = std::max<qint64>(0, qint64(m_model->rowCount()) - qint64(removed));
    if (row < 0 || left == 0 || m_model->isFiltered())
        return;
    m_pendingRow = int(std::min<qint64>(row, left - 1));
    const QModelIndex index = m_model->index(m_pendingRow, 0);
    m_view->scrollTo(index);
    index.data(); // asks for its page
}

QList<MessageId> MessageBrowser::selectedIds() const
{
    return m_selectionResolving ? QList<MessageId>() : m_selectionIds;
}

bool MessageBrowser::isInUse() const
{
    const QWidget *focus = QApplication::focusWidget();
    return !m_queue.isEmpty()
        && (m_view->hasFocus() || m_filter->hasFocus() || (focus && m_inspector->isAncestorOf(focus)));
}

void MessageBrowser::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

} // namespace depot::ui
