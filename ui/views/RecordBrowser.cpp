#include "ui/views/RecordBrowser.h"

#include "broker/query/Query.h"
#include "ui/client/BrokerClient.h"
#include "ui/models/TopicModels.h"
#include "ui/views/RecordInspector.h"
#include "ui/views/TopicQueryBar.h"
#include "ui/views/WindowParts.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace depot::ui {

using Kind = kafka::RecordsFrom::Kind;

RecordBrowser::RecordBrowser(BrokerClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *bar = new QHBoxLayout;
    m_from = new QComboBox(this);
    m_from->setObjectName(QStringLiteral("recordsFrom"));
    m_from->addItem(tr("From the earliest"), int(Kind::Earliest));
    m_from->addItem(tr("The latest"), int(Kind::Latest));
    m_from->addItem(tr("From offset"), int(Kind::Offset));
    m_from->addItem(tr("From time"), int(Kind::Timestamp));
    m_offset = new QLineEdit(this);
    m_offset->setObjectName(QStringLiteral("recordsOffset"));
    m_offset->setPlaceholderText(tr("offset"));
    m_offset->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,18}")), this));
    m_offset->setMaximumWidth(110);
    m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this);
    m_time->setObjectName(QStringLiteral("recordsTime"));
    m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_time->setCalendarPopup(true);
    m_load = new QPushButton(tr("Show"), this);
    m_next = new QPushButton(tr("Next page"), this);
    m_next->setObjectName(QStringLiteral("recordsNext"));
    m_searchText = new QLineEdit(this);
    m_searchText->setObjectName(QStringLiteral("recordsSearch"));
    m_searchText->setPlaceholderText(tr("Search keys, values and headers"));
    m_searchText->setClearButtonEnabled(true);
    m_scope = new QComboBox(this);
    m_scope->addItem(tr("in this partition"));
    m_scope->addItem(tr("in the whole topic"));
    m_search = new QPushButton(tr("Search"), this);
    m_reproduce = new QPushButton(depotIcon("replay"), tr("Re-produce…"), this);
    m_reproduce->setObjectName(QStringLiteral("reproduceRecords"));
    m_reproduce->setToolTip(tr("Append copies of the selected records to this or another topic"));
    m_export = new QPushButton(tr("Export results…"), this);
    m_export->setObjectName(QStringLiteral("exportRecords"));
    for (QWidget *w : std::initializer_list<QWidget *>{m_from, m_offset, m_time, m_load, m_next})
        bar->addWidget(w);
    bar->addSpacing(12);
    bar->addWidget(m_searchText, 1);
    bar->addWidget(m_scope);
    bar->addWidget(m_search);
    bar->addSpacing(12);
    bar->addWidget(m_reproduce);
    bar->addWidget(m_export);
    layout->addLayout(bar);
    m_query = new TopicQueryBar(client, this);
    layout->addWidget(m_query);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("recordSplitter"));
    m_model = new RecordListModel(this);
    m_view = makeTable(splitter);
    m_view->setObjectName(QStringLiteral("recordList"));
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->horizontalHeader()->resizeSection(RecordListModel::Partition, 62);
    m_view->horizontalHeader()->resizeSection(RecordListModel::Offset, 60);
    m_view->horizontalHeader()->resizeSection(RecordListModel::Timestamp, 170);
    m_view->horizontalHeader()->resizeSection(RecordListModel::Key, 80);
    m_view->horizontalHeader()->resizeSection(RecordListModel::Value, 300);
    m_view->setColumnHidden(RecordListModel::Topic, true);
    m_inspector = new RecordInspector(splitter);
    splitter->addWidget(m_view);
    splitter->addWidget(m_inspector);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("recordsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_from, &QComboBox::currentIndexChanged, this, &RecordBrowser::fromChanged);
    connect(m_load, &QPushButton::clicked, this, &RecordBrowser::browseAsAsked);
    connect(m_offset, &QLineEdit::returnPressed, this, &RecordBrowser::browseAsAsked);
    connect(m_next, &QPushButton::clicked, this, &RecordBrowser::nextPage);
    const auto runSearch = [this] { search(m_searchText->text(), m_scope->currentIndex() == 1); };
    connect(m_search, &QPushButton::clicked, this, runSearch);
    connect(m_searchText, &QLineEdit::returnPressed, this, runSearch);
    connect(m_reproduce, &QPushButton::clicked, this, [this] { reproduceSelected(); });
    connect(m_query, &TopicQueryBar::started, this, &RecordBrowser::queryStarted);
    connect(m_query, &TopicQueryBar::matched, this, &RecordBrowser::queryMatched);
    connect(m_export, &QPushButton::clicked, this, &RecordBrowser::exportRecords);
    connect(m_query, &TopicQueryBar::finished, this, [this](const kafka::TopicQueryProgress &progress) {
        // A query that could not read its topics has no results to write again.
        m_queryListed = progress.error.isEmpty();
        updateButtons();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &RecordBrowser::currentChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RecordBrowser::updateButtons);
    fromChanged();
}

RecordBrowser::~RecordBrowser() = default;

void RecordBrowser::fromChanged()
{
    const auto kind = Kind(m_from->currentData().toInt());
    m_offset->setVisible(kind == Kind::Offset);
    m_time->setVisible(kind == Kind::Timestamp);
    updateButtons();
}

void RecordBrowser::updateButtons()
{
    const bool shown = m_partition >= 0;
    m_load->setEnabled(shown);
    m_next->setEnabled(shown && m_nextOffset >= 0 && m_nextOffset < m_end);
    m_search->setEnabled(!m_topic.isEmpty());
    const bool selected = m_view->selectionModel()->hasSelection();
    m_reproduce->setEnabled(selected);
    m_export->setEnabled(selected || m_queryListed);
    m_export->setText(selected ? tr("Export selected…") : tr("Export results…"));
    m_export->setToolTip(selected ? tr("Write the selected records to a file in Depot's export format")
                                  : tr("Write every record the query matches to a file in Depot's export format"));
}

void RecordBrowser::setPartition(const QString &topic, qint32 partition, qint64 end)
{
    const bool same = topic == m_topic && partition == m_partition;
    m_end = end;
    if (same) {
        updateButtons();
        return;
    }
    m_topic = topic;
    m_partition = partition;
    m_queryListed = false;
    m_query->setCurrent(topic, partition);
    m_query->stop();   // its results would mix with the new partition's page
    ++m_generation;
    m_nextOffset = -1;
    m_model->setRecords({});
    m_inspector->showNothing();
    m_status->clear();
    if (partition >= 0)
        browseAsAsked();
    updateButtons();
}

void RecordBrowser::browseAsAsked()
{
    kafka::RecordsFrom from;
    from.kind = Kind(m_from->currentData().toInt());
    if (from.kind == Kind::Offset)
        from.value = m_offset->text().toLongLong();
    else if (from.kind == Kind::Timestamp)
        from.value = m_time->dateTime().toMSecsSinceEpoch();
    browse(from);
}

void RecordBrowser::browse(kafka::RecordsFrom from)
{
    if (m_partition < 0)
        return;
    m_query->stop();
    m_view->setColumnHidden(RecordListModel::Topic, true);
    const quint64 generation = ++m_generation;
    const QString topic = m_topic;
    const qint32 partition = m_partition;
    const bool posted = m_client->kafkaRecords(this, topic, partition, from, PageSize,
        [this, generation, topic, partition](Result<kafka::RecordPage> page) {
            --m_pending;
            if (generation != m_generation)
                return;
            if (!page.ok()) {
                m_nextOffset = -1;
                showPage({}, page.error.text);
                return;
            }
            m_end = std::max(m_end, page.value.highWatermark);
            m_nextOffset = page.value.nextOffset;
            const QLocale locale;
            QString status;
            if (page.value.records.isEmpty())
                status = tr("No records from there: %1 partition %2 holds offsets %3 to %4.")
                             .arg(topic, QString::number(partition), locale.toString(page.value.logStartOffset),
                                 locale.toString(std::max<qint64>(page.value.logStartOffset,
                                     page.value.highWatermark - 1)));
            else
                status = tr("Offsets %1 to %2 of %3 partition %4 (log end %5).")
                             .arg(locale.toString(page.value.records.first().offset),
                                 locale.toString(page.value.records.last().offset), topic, QString::number(partition),
                                 locale.toString(page.value.highWatermark));
            showPage(page.value.records, status);
        });
    if (posted)
        ++m_pending;
}

void RecordBrowser::nextPage()
{
    if (m_nextOffset >= 0)
        browse({Kind::Offset, m_nextOffset});
}

void RecordBrowser::search(const QString &text, bool wholeTopic)
{
    if (m_topic.isEmpty() || text.isEmpty())
        return;
    m_query->stop();
    m_view->setColumnHidden(RecordListModel::Topic, true);
    kafka::RecordSearch request;
    request.text = text;
    request.partition = wholeTopic ? -1 : m_partition;
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Searching…"));
    const bool posted = m_client->kafkaSearch(this, m_topic, request,
        [this, generation, text](Result<kafka::SearchPage> found) {
            --m_pending;
            if (generation != m_generation)
                return;
            m_nextOffset = -1;
            if (!found.ok()) {
                showPage({}, found.error.text);
                return;
            }
            const QLocale locale;
            QString status = tr("Matches for “%1”: %2 of %3 records looked at.")
                                 .arg(text, locale.toString(found.value.matches.size()),
                                     locale.toString(found.value.scanned));
            if (!found.value.complete)
                status += u' ' + tr("The search stopped before the end: narrow it.");
            showPage(found.value.matches, status);
        });
    if (posted)
        ++m_pending;
}

void RecordBrowser::showPage(const QList<kafka::RecordView> &records, const QString &status)
{
    const std::optional<kafka::RecordView> shown = m_inspector->record();
    m_queryListed = false;   // a page or a search's matches replace the query's results
    m_model->setRecords(records);
    m_status->setText(status);
    // The record inspected stays so when it is on the new page.
    if (!shown || !selectRecord(shown->partition, shown->offset))
        m_inspector->showNothing();
    updateButtons();
    Q_EMIT pageShown();
}

void RecordBrowser::queryStarted()
{
    ++m_generation;   // a page or search still on its way is not shown over the results
    m_nextOffset = -1;
    m_leftOut = 0;
    m_queryListed = false;   // until it ends
    m_model->setRecords({});
    m_inspector->showNothing();
    m_status->clear();
    m_view->setColumnHidden(RecordListModel::Topic, !m_query->spansTopics());
    updateButtons();
}

void RecordBrowser::queryMatched(const QList<kafka::RecordView> &records)
{
    m_leftOut += m_model->append(records);
    if (m_leftOut > 0)
        m_status->setText(tr("The first %Ln match(es) are listed.", nullptr, int(m_model->rowCount())));
}

bool RecordBrowser::selectRecord(qint32 partition, qint64 offset)
{
    const int row = m_model->rowOf(partition, offset);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, RecordListModel::Offset);
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void RecordBrowser::currentChanged()
{
    const kafka::RecordView *record = m_model->recordAt(m_view->currentIndex().row());
    if (!record) {
        m_inspector->showNothing();
        return;
    }
    m_inspector->showRecord(*record);
    m_inspector->showStoryNote(tr("Reading its story…"));
    const bool asked = m_client->kafkaRecordStory(m_inspector, record->topic, record->partition, record->offset,
        [inspector = m_inspector, topic = record->topic, partition = record->partition,
            offset = record->offset](Result<kafka::RecordStory> story) {
            const std::optional<kafka::RecordView> &shown = inspector->record();
            if (!shown || shown->topic != topic || shown->partition != partition || shown->offset != offset)
                return; // another record is shown by now
            if (story.ok())
                inspector->showStory(story.value);
            else
                inspector->showStoryNote(story.error.text);
        });
    if (!asked)
        m_inspector->showStoryNote(tr("The broker is not running."));
}

bool RecordBrowser::exportRecords()
{
    // A file holds the records of one topic (docs/export-format.md): several
    // topics make a folder of files, one per topic.
    QMap<QString, QList<QPair<qint32, qint64>>> byTopic;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        if (const kafka::RecordView *r = m_model->recordAt(index.row()))
            byTopic[r->topic].append({r->partition, r->offset});
    }
    TopicExportParts parts;
    if (!byTopic.isEmpty()) {
        for (auto it = byTopic.begin(); it != byTopic.end(); ++it) {
            std::sort(it->begin(), it->end());
            kafka::TopicQuerySpec spec;
            spec.topics = {it.key()};
            parts.append({spec, *it});
        }
    } else {
        if (!m_queryListed)
            return false;
        const kafka::TopicQuerySpec &spec = m_query->lastSpec();
        QStringList known;
        if (m_topicsOf)
            known = m_topicsOf().keys();
        QString missing;
        QStringList topics = query::pickNames(known, spec.topics, &missing);
        if (m_leftOut == 0) {
            // Everything that matched is listed: topics without a match get no empty file.
            QSet<QString> matched;
            for (int row = 0; row < m_model->rowCount(); ++row) {
                if (const kafka::RecordView *r = m_model->recordAt(row))
                    matched.insert(r->topic);
            }
            topics.removeIf([&matched](const QString &topic) { return !matched.contains(topic); });
        }
        for (const QString &topic : std::as_const(topics)) {
            kafka::TopicQuerySpec one = spec;
            one.topics = {topic};
            parts.append({one, {}});
        }
        if (parts.isEmpty()) {
            m_status->setText(tr("Nothing matched: there is nothing to export."));
            return false;
        }
    }
    if (parts.size() == 1)
        Q_EMIT exportRequested(parts.front().first, parts.front().second);
    else
        Q_EMIT exportSeveralRequested(parts);
    return true;
}

ReproduceDialog *RecordBrowser::reproduceSelected()
{
    QList<QPair<qint32, qint64>> records;
    QSet<QString> sources;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        if (const kafka::RecordView *r = m_model->recordAt(index.row())) {
            records.append({r->partition, r->offset});
            sources.insert(r->topic);
        }
    }
    if (records.isEmpty())
        return nullptr;
    // A query's results may come from several topics: a re-produce names one source.
    if (sources.size() > 1) {
        m_status->setText(tr("The selected records come from %n topic(s): re-produce those of one topic at a time.",
            nullptr, int(sources.size())));
        return nullptr;
    }
    const QString source = *sources.cbegin();
    std::sort(records.begin(), records.end());
    auto *dialog = new ReproduceDialog(m_topicsOf ? m_topicsOf() : TopicPartitions(), source,
        int(records.size()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSender([this, source, records](
                          const QString &target, qint32 partition, FormDialog::Answer answer) {
        kafka::Reproduce request;
        request.sourceTopic = source;
        request.records = records;
        request.targetTopic = target;
        request.targetPartition = partition;
        const bool posted = m_client->kafkaReproduce(this, request,
            [this, target, answer](Result<QList<kafka::ProducedRecord>> done) {
                if (!done.ok()) {
                    answer(tr("Depot refused: %1").arg(done.error.text));
                    return;
                }
                answer(QString());
                Q_EMIT message(tr("Re-produced %n record(s) to %1.", nullptr, int(done.value.size())).arg(target));
                m_client->refreshNow();
            });
        if (!posted)
            answer(tr("Depot is not running."));
    });
    dialog->open();
    return dialog;
}

} // namespace depot::ui
