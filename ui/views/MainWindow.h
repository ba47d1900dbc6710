#pragma once

// MainWindow: Depot's window. For now a placeholder that shows where the
// broker listens, where it keeps its data, and live message totals; the
// queue list, message browser and charts replace its body later.
//
// It reads the broker only through BrokerService's stats snapshot, polled
// by a timer: the GUI thread never waits on the broker.

#include <QMainWindow>

class QLabel;
class QTimer;

namespace depot {
class BrokerService;
}

namespace depot::ui {

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(BrokerService *service, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shown in place of the totals when the broker could not start.
    void showStartError(const QString &error);

private:
    void refresh();

    BrokerService *m_service;   // not owned; outlives the window
    QLabel *m_state = nullptr;
    QLabel *m_amqp = nullptr;
    QLabel *m_http = nullptr;
    QLabel *m_data = nullptr;
    QLabel *m_published = nullptr;
    QLabel *m_delivered = nullptr;
    QLabel *m_acknowledged = nullptr;
    QLabel *m_deadLettered = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace depot::ui
