#pragma once

// MessageInspector: everything about one message — properties, headers, the
// dead-letter history as a timeline, and its body as text, a JSON tree or hex —
// with copy and save, and the buttons that act on it (replay, edit and resend).

#include "broker/engine/Engine.h"

#include <QWidget>

#include <functional>
#include <optional>

class QAbstractButton;
class QBoxLayout;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTextBrowser;
class QTreeView;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace depot::ui {

class JsonTreeModel;
class HistoryTimeline;
class SqsSection;

class MessageInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageInspector)

public:
    explicit MessageInspector(QWidget *parent = nullptr);
    ~MessageInspector() override;

    void showMessage(const QString &queue, const MessageView &message);
    // Tells the inspector a queue's kind (x-queue-type: "sqs", "sqs-fifo",
    // empty for AMQP's), so an SQS queue's messages get their SQS section.
    void setQueueTypeOf(std::function<QString(const QString &queue)> typeOf) { m_queueTypeOf = std::move(typeOf); }
    // Tells the inspector a queue's retry schedule (x-retry-delays, ms; empty
    // for none): a message there shows its attempt ("attempt 3 of 6, next
    // delivery in 12 s") and the retry buttons.
    void setRetryDelaysOf(std::function<QList<qint64>(const QString &queue)> delaysOf)
    {
        m_retryDelaysOf = std::move(delaysOf);
    }
    // Asks for the story of message `id` for the History tab, and shows it
    // when `answer` is called (on the GUI thread, later): the story, or none
    // with whether the broker records stories at all.
    using HistoryAnswer = std::function<void(std::optional<MessageStory>, bool historyOn)>;
    void setHistorySource(std::function<void(MessageId id, QObject *context, HistoryAnswer answer)> source)
    {
        m_historySource = std::move(source);
    }
    // The clock the countdowns read (tests set a fixed one).
    void setClock(std::function<qint64()> clock);
    // Nothing selected, or the message is gone (consumed, moved) meanwhile.
    void showNothing(const QString &reason = {});

    const std::optional<MessageView> &message() const { return m_message; }
    QString queue() const { return m_queue; }
    bool isDeadLetter() const;

    // Exposed for tests.
    QTabWidget *sectionTabs() const { return m_sections; }
    QTabWidget *bodyTabs() const { return m_bodyTabs; }
    JsonTreeModel *jsonModel() const { return m_jsonModel; }
    QTreeWidget *deathTimeline() const { return m_deaths; }
    QTreeWidget *propertiesTree() const { return m_properties; }
    QPushButton *replayButton() const { return m_replay; }
    QPushButton *resendButton() const { return m_resend; }
    QPushButton *retryNowButton() const { return m_retryNow; }
    QPushButton *giveUpButton() const { return m_giveUp; }
    QPushButton *resetAttemptsButton() const { return m_resetAttempts; }
    // The Properties section's retry line as shown now ("attempt 3 of 6,
    // next delivery in 12 s"); empty when there is none.
    QString retryText() const;
    QLabel *titleLabel() const { return m_title; }
    QPlainTextEdit *bodyText() const { return m_text; }
    QCheckBox *prettyToggle() const { return m_pretty; }
    QTreeWidget *sqsTree() const;
    // The SQS section's line on when the message is visible again (its
    // visibility deadline, its delay), as shown now.
    QString visibilityText() const;

    void copyBody();
    void saveBody();
    // Another button in the row with Copy body and Save body (Copy as…).
    void addButton(QAbstractButton *button);

    static constexpr int SqsTab = 3;   // the section tab that shows SQS attributes
    static constexpr int HistoryTab = 4; // the message's life story (HistoryTimeline)
    HistoryTimeline *historyTimeline() const { return m_history; }

    // Below this width the sections stack above the body instead of beside it.
    static constexpr int SideBySideMinWidth = 720;
    QSplitter *splitter() const { return m_splitter; }
    QPlainTextEdit *hexView() const { return m_hex; }

Q_SIGNALS:
    void replayRequested();
    void editAndResendRequested();
    // The retry buttons, for the message shown.
    void retryNowRequested();
    void giveUpRequested();
    void resetAttemptsRequested();
    // An in-flight message's visibility timeout (or a delay) ran out while
    // shown: it is worth reading again.
    void visibilityChanged();

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fillProperties(const MessageView &message);
    void fillHeaders(const QVariantMap &headers);
    void fillDeaths(const DeathHistory &history);
    void fillBody(const MessageContent &content);
    void updateRetry(); // the retry line's countdown, likewise
    void showBodyText();   // raw or, when toggled, pretty

    QString m_queue;
    std::optional<MessageView> m_message;
    QLabel *m_title = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_sections = nullptr;
    QTreeWidget *m_properties = nullptr;
    QTreeWidget *m_headers = nullptr;
    QTreeWidget *m_deaths = nullptr;
    SqsSection *m_sqs = nullptr;
    HistoryTimeline *m_history = nullptr;
    std::function<void(MessageId, QObject *, HistoryAnswer)> m_historySource;
    MessageId m_historyShownFor = 0; // the message whose story was asked for last
    void requestHistory();
    QTreeWidgetItem *m_retryItem = nullptr; // in m_properties; null when not shown
    QTimer *m_retryTick = nullptr;
    std::function<QList<qint64>(const QString &)> m_retryDelaysOf;
    std::function<QString(const QString &)> m_queueTypeOf;
    std::function<qint64()> m_clock;
    QTabWidget *m_bodyTabs = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QCheckBox *m_pretty = nullptr;
    QString m_rawText;      // the body as it is
    QString m_prettyText;   // ... indented; empty when it is not JSON
    QTreeView *m_jsonView = nullptr;
    JsonTreeModel *m_jsonModel = nullptr;
    QLabel *m_jsonError = nullptr;
    QPlainTextEdit *m_hex = nullptr;
    int m_hexBytesPerLine = 16; // 8 when a 16-byte line (text column included) would be cut off
    void fillHex();
    QBoxLayout *m_buttonRow = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_replay = nullptr;
    QPushButton *m_resend = nullptr;
    QPushButton *m_retryNow = nullptr;
    QPushButton *m_giveUp = nullptr;
    QPushButton *m_resetAttempts = nullptr;
};

// Readable text for a header value of any type the engine stores.
QString headerValueText(const QVariant &value);
// A classic hex dump with an ASCII column, 16 bytes per line (or as many as
// asked: 8 where 16 would not fit).
QString hexDump(const QByteArray &bytes, qsizetype maxBytes = 64 * 1024, int bytesPerLine = 16);

} // namespace depot::ui
