#pragma once

// SearchAllDialog: one filter run over every queue (or those whose names
// match), the matches grouped by queue. Each queue is scanned on the broker
// thread in chunks through BrokerClient::scan, one after the other, so the
// broker stays responsive and the window never waits; Stop ends it.
// Activating a match opens that message in the window.

#include "broker/engine/Engine.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace depot::ui {

class BrokerClient;

class SearchAllDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SearchAllDialog)

public:
    static constexpr int MaxMatchesPerQueue = 500;

    SearchAllDialog(BrokerClient *client, QWidget *parent = nullptr);
    ~SearchAllDialog() override;

    void search();
    bool isSearching() const { return m_searching; }

    // Exposed for tests.
    QLineEdit *textEdit() const { return m_text; }
    QLineEdit *queuesEdit() const { return m_queues; }
    QTreeWidget *results() const { return m_results; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    void openMessage(const QString &queue, depot::MessageId id);

private:
    void scanNext();
    void finish(const QString &text);

    BrokerClient *m_client;
    QLineEdit *m_text = nullptr;
    QLineEdit *m_queues = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QPushButton *m_go = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_results = nullptr;

    bool m_searching = false;
    quint64 m_token = 0; // answers for an earlier search are dropped
    MessageFilter m_filter;
    QStringList m_pending; // queues still to scan
    QString m_queue; // being scanned
    BrowseCursor m_cursor; // the walk over m_queue
    int m_found = 0; // in m_queue
    int m_total = 0; // in all
};

} // namespace depot::ui
