#include "ui/views/RecordInspector.h"

#include "ui/models/JsonTreeModel.h"
#include "ui/models/TopicModels.h"
#include "ui/views/JsonText.h"
#include "ui/views/MessageInspector.h"   // hexDump

#include <QCheckBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStringDecoder>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace depot::ui {

QString bytesText(const std::optional<QByteArray> &bytes)
{
    if (!bytes)
        return RecordInspector::tr("null");
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(*bytes);
    return decoder.hasError() ? QString::fromLatin1(bytes->toHex(' ')) : text;
}

RecordInspector::RecordInspector(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("recordTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    layout->addWidget(splitter, 1);
    m_sections = new QTabWidget(splitter);
    const auto makeTree = [this](const QStringList &labels) {
        auto *tree = new QTreeWidget(m_sections);
        tree->setHeaderLabels(labels);
        tree->setRootIsDecorated(false);
        tree->setUniformRowHeights(true);
        tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
        return tree;
    };
    m_details = makeTree({tr("Field"), tr("Value")});
    m_headers = makeTree({tr("Header"), tr("Value")});
    m_sections->addTab(m_details, tr("Record"));
    m_sections->addTab(m_headers, tr("Headers"));
    auto *storyPage = new QWidget(m_sections);
    auto *storyLayout = new QVBoxLayout(storyPage);
    storyLayout->setContentsMargins(0, 0, 0, 0);
    m_story = makeTree({tr("When"), tr("What"), tr("Who"), tr("Details")});
    m_story->setParent(storyPage);
    m_story->setObjectName(QStringLiteral("recordStory"));
    m_story->setWordWrap(true);
    m_story->setUniformRowHeights(false);
    m_story->setTextElideMode(Qt::ElideNone);
    m_story->header()->setStretchLastSection(true);
    m_story->header()->setSectionResizeMode(StoryEvent, QHeaderView::ResizeToContents);
    m_story->header()->setSectionResizeMode(StoryActor, QHeaderView::Interactive);
    m_story->header()->resizeSection(StoryActor, 160);
    m_story->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_storyNote = new QLabel(storyPage);
    m_storyNote->setWordWrap(true);
    m_storyNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_storyEvent = new QLabel(storyPage);
    m_storyEvent->setWordWrap(true);
    m_storyEvent->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_story, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_storyEvent->setText(item ? tr("%1 · %2 · %3: %4")
                                         .arg(item->toolTip(StoryTime), item->text(StoryEvent), item->text(StoryActor),
                                             item->text(StoryDetails))
                                   : QString());
    });
    storyLayout->addWidget(m_story, 1);
    storyLayout->addWidget(m_storyEvent);
    storyLayout->addWidget(m_storyNote);
    m_sections->addTab(storyPage, tr("Story"));

    m_bodyTabs = new QTabWidget(splitter);
    auto *textPage = new QWidget(m_bodyTabs);
    auto *textLayout = new QVBoxLayout(textPage);
    textLayout->setContentsMargins(0, 0, 0, 0);
    m_pretty = new QCheckBox(tr("Pretty-print JSON"), textPage);
    m_pretty->setChecked(true);
    m_text = new QPlainTextEdit(textPage);
    m_text->setReadOnly(true);
    textLayout->addWidget(m_pretty);
    textLayout->addWidget(m_text, 1);
    connect(m_pretty, &QCheckBox::toggled, this, &RecordInspector::showBodyText);

    auto *jsonPage = new QWidget(m_bodyTabs);
    auto *jsonLayout = new QVBoxLayout(jsonPage);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    m_jsonError = new QLabel(jsonPage);
    m_jsonError->setWordWrap(true);
    m_jsonModel = new JsonTreeModel(this);
    m_jsonView = new QTreeView(jsonPage);
    m_jsonView->setModel(m_jsonModel);
    m_jsonView->setUniformRowHeights(true);
    m_jsonView->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    jsonLayout->addWidget(m_jsonError);
    jsonLayout->addWidget(m_jsonView, 1);

    m_hex = new QPlainTextEdit(m_bodyTabs);
    m_hex->setReadOnly(true);
    m_hex->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_hex->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_bodyTabs->addTab(textPage, tr("Text"));
    m_bodyTabs->addTab(jsonPage, tr("JSON"));
    m_bodyTabs->addTab(m_hex, tr("Hex"));
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    showNothing();
}

RecordInspector::~RecordInspector() = default;

void RecordInspector::showNothing(const QString &reason)
{
    m_record.reset();
    m_title->setText(reason.isEmpty() ? tr("Select a record to see its key, headers and value.") : reason);
    m_details->clear();
    m_headers->clear();
    m_jsonModel->clear();
    m_jsonError->clear();
    m_rawText.clear();
    m_prettyText.clear();
    m_text->clear();
    m_hex->clear();
    m_story->clear();
    m_storyEvent->clear();
    m_storyNote->clear();
    m_sections->setTabText(1, tr("Headers"));
}

void RecordInspector::showStoryNote(const QString &note)
{
    m_story->clear();
    m_storyEvent->clear();
    m_storyNote->setText(note);
}

void RecordInspector::showStory(const kafka::RecordStory &story)
{
    if (!m_record || m_record->topic != story.topic || m_record->partition != story.partition
        || m_record->offset != story.offset)
        return;
    m_story->clear();
    for (const kafka::RecordStoryEvent &e : story.events) {
        QString what;
        switch (e.kind) {
        case kafka::RecordStoryEvent::Kind::Produced: what = tr("Produced"); break;
        case kafka::RecordStoryEvent::Kind::Consumed: what = tr("Consumed"); break;
        case kafka::RecordStoryEvent::Kind::Removed: what = tr("Removed"); break;
        }
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(e.at);
        const QString when = e.at >= 0 ? at.toString(QStringLiteral("HH:mm:ss.zzz")) : tr("not known");
        const QString who = e.actor.isEmpty() ? tr("not known") : e.actor;
        auto *item = new QTreeWidgetItem(m_story, {when, what, who, e.text});
        item->setToolTip(StoryTime, e.at >= 0 ? at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                                              : tr("Not kept: stored by an older Depot, or older than the partition's last 64 removals"));
        item->setToolTip(StoryActor, who);
        item->setToolTip(StoryDetails, e.text);
    }
    if (m_story->topLevelItemCount() > 0)
        m_story->setCurrentItem(m_story->topLevelItem(0));
    const bool consumed = std::any_of(story.events.cbegin(), story.events.cend(),
        [](const kafka::RecordStoryEvent &e) { return e.kind == kafka::RecordStoryEvent::Kind::Consumed; });
    if (!story.waitingGroups.isEmpty())
        m_storyNote->setText(tr("Not consumed yet by: %1").arg(story.waitingGroups.join(QStringLiteral(", "))));
    else if (consumed)
        m_storyNote->setText(tr("Every group with offsets on this partition has consumed it."));
    else
        m_storyNote->setText(tr("No consumer group has committed an offset on this partition: a group consumes "
                                "a record when it commits an offset past it."));
}

void RecordInspector::showRecord(const kafka::RecordView &record)
{
    m_record = record;
    const QLocale locale;
    const qint64 size = record.value ? record.value->size() : 0;
    m_title->setText(tr("<b>Offset %1</b> in <b>%2</b> partition %3 · %4")
                         .arg(locale.toString(record.offset), record.topic.toHtmlEscaped(),
                             QString::number(record.partition),
                             record.value ? locale.formattedDataSize(size, 1, QLocale::DataSizeTraditionalFormat)
                                          : tr("tombstone")));

    m_details->clear();
    const auto add = [this](const QString &field, const QString &value) {
        auto *item = new QTreeWidgetItem(m_details, {field, value});
        item->setToolTip(1, value);
    };
    add(tr("Topic"), record.topic);
    add(tr("Partition"), QString::number(record.partition));
    add(tr("Offset"), locale.toString(record.offset));
    add(tr("Timestamp"),
        RecordListModel::timestampText(record.timestamp)
            + (record.logAppendTime ? tr(" (LogAppendTime)") : tr(" (CreateTime)")));
    add(tr("Key"), bytesText(record.key));
    add(tr("Compression"), kafka::compressionName(record.compression));
    if (record.producerId >= 0)
        add(tr("Producer id"), QString::number(record.producerId));

    m_headers->clear();
    for (const kafka::RecordHeader &h : record.headers) {
        auto *item = new QTreeWidgetItem(m_headers, {h.key, bytesText(h.value)});
        item->setToolTip(1, item->text(1));
    }
    m_sections->setTabText(1, tr("Headers (%1)").arg(record.headers.size()));

    const QByteArray body = record.value.value_or(QByteArray());
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(body);
    const bool isText = !decoder.hasError();
    QString jsonError;
    const bool isJson = record.value && m_jsonModel->setJson(body, &jsonError);
    if (isJson) {
        m_jsonView->expandToDepth(1);
        m_jsonError->hide();
    } else {
        m_jsonModel->clear();
        m_jsonError->setText(record.value ? jsonError : tr("A tombstone has no value."));
        m_jsonError->show();
    }
    m_rawText = !record.value ? tr("(tombstone: no value)") : isText ? text : tr("(binary value: see the Hex tab)");
    m_prettyText = isJson && isText ? prettyJson(text) : QString();
    m_pretty->setEnabled(!m_prettyText.isEmpty());
    showBodyText();
    m_hex->setPlainText(hexDump(body));
    m_bodyTabs->setCurrentIndex(isJson ? JsonTab : (!isText ? HexTab : TextTab));
}

void RecordInspector::showBodyText()
{
    const QString &shown = m_pretty->isChecked() && !m_prettyText.isEmpty() ? m_prettyText : m_rawText;
    if (m_text->toPlainText() != shown)
        m_text->setPlainText(shown);
}

} // namespace depot::ui
