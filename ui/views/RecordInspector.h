#pragma once

// RecordInspector: one Kafka record — where it is (topic, partition, offset),
// its timestamp, key, headers, the batch it came in, its story (who produced
// it, which groups consumed it, which wait for it) — and its value as text,
// a JSON tree or hex, with the same pieces the message inspector uses
// (JsonTreeModel, prettyJson, hexDump).

#include "broker/kafka/KafkaAdmin.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeView;
class QTreeWidget;

namespace depot::ui {

class JsonTreeModel;

class RecordInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordInspector)

public:
    enum BodyTab { TextTab, JsonTab, HexTab };
    enum SectionTab { RecordTab, HeadersTab, StoryTab };
    enum StoryColumn { StoryTime, StoryEvent, StoryActor, StoryDetails };

    explicit RecordInspector(QWidget *parent = nullptr);
    ~RecordInspector() override;

    void showRecord(const kafka::RecordView &record);
    void showNothing(const QString &reason = {});
    // The shown record's story (ignored when it is another record's).
    void showStory(const kafka::RecordStory &story);
    // No story to show for the shown record, and why (loading, an error).
    void showStoryNote(const QString &note);
    const std::optional<kafka::RecordView> &record() const { return m_record; }

    // Exposed for tests.
    QLabel *titleLabel() const { return m_title; }
    QTreeWidget *detailsTree() const { return m_details; }
    QTreeWidget *headersTree() const { return m_headers; }
    QTreeWidget *storyTree() const { return m_story; }
    QLabel *storyNote() const { return m_storyNote; }
    QLabel *storyEventText() const { return m_storyEvent; }
    QTabWidget *sectionTabs() const { return m_sections; }
    QTabWidget *bodyTabs() const { return m_bodyTabs; }
    QPlainTextEdit *bodyText() const { return m_text; }
    QPlainTextEdit *hexView() const { return m_hex; }
    JsonTreeModel *jsonModel() const { return m_jsonModel; }

private:
    void showBodyText();

    std::optional<kafka::RecordView> m_record;
    QLabel *m_title = nullptr;
    QTabWidget *m_sections = nullptr;
    QTreeWidget *m_details = nullptr;
    QTreeWidget *m_headers = nullptr;
    QTreeWidget *m_story = nullptr;
    QLabel *m_storyNote = nullptr;
    QLabel *m_storyEvent = nullptr; // the chosen event, whole
    QTabWidget *m_bodyTabs = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QCheckBox *m_pretty = nullptr;
    QString m_rawText;
    QString m_prettyText;
    QTreeView *m_jsonView = nullptr;
    JsonTreeModel *m_jsonModel = nullptr;
    QLabel *m_jsonError = nullptr;
    QPlainTextEdit *m_hex = nullptr;
};

// A key, header value or value as text when it is UTF-8, as hex otherwise;
// `null` when there is none.
QString bytesText(const std::optional<QByteArray> &bytes);

} // namespace depot::ui
