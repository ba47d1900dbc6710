#pragma once

// HistorySearchDialog: "where did my message go?" Finds the life stories of
// messages, gone or still queued, by Depot's id, message-id or
// correlation-id (BrokerClient::findHistory, never waited for), lists them
// newest gone first and shows the chosen one's timeline (HistoryTimeline).
// Non-modal; opened from Messages ▸ Find a Gone Message….

#include "broker/engine/History.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace depot::ui {

class BrokerClient;
class HistoryTimeline;

class HistorySearchDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistorySearchDialog)

public:
    enum Field { MessageIdField, CorrelationIdField, DepotIdField };

    HistorySearchDialog(BrokerClient *client, QWidget *parent = nullptr);
    ~HistorySearchDialog() override;

    QLineEdit *textEdit() const { return m_text; }
    QComboBox *fieldBox() const { return m_field; }
    QListWidget *results() const { return m_results; }
    HistoryTimeline *timeline() const { return m_timeline; }
    QLabel *statusLabel() const { return m_status; }
    void search();

private:
    void showResult(int row);

    BrokerClient *m_client; // not owned
    QComboBox *m_field = nullptr;
    QLineEdit *m_text = nullptr;
    QPushButton *m_find = nullptr;
    QLabel *m_status = nullptr;
    QListWidget *m_results = nullptr;
    HistoryTimeline *m_timeline = nullptr;
    QList<MessageStory> m_stories;
};

} // namespace depot::ui
