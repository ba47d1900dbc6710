#pragma once

// ConnectionsPanel: the Connections tab. Client connections with their
// consumers above, every channel below (prefetch, unacked, confirms, flow);
// selecting a connection shows its channels first. It follows the snapshots
// only while shown (see MainWindow::refreshShownTables).

#include "broker/engine/Engine.h"
#include "ui/client/BrokerSnapshot.h"

#include <QSplitter>
#include <optional>

class QTableView;

namespace depot::ui {

class ChannelListModel;
class ConsumerListModel;

class ConnectionsPanel final : public QSplitter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsPanel)

public:
    explicit ConnectionsPanel(QWidget *parent = nullptr);
    ~ConnectionsPanel() override;

    // Applies `snapshot` unless it is the one shown already.
    void updateFromSnapshot(const SnapshotPtr &snapshot);
    // The connection of the selected row above.
    std::optional<ConnectionSummary> selectedConnection() const;

    QTableView *consumerView() const { return m_consumerView; }
    ConsumerListModel *consumerModel() const { return m_consumerModel; }
    QTableView *channelView() const { return m_channelView; }
    ChannelListModel *channelModel() const { return m_channelModel; }

Q_SIGNALS:
    void selectionChanged();

private:
    SnapshotPtr m_shown;
    ConsumerListModel *m_consumerModel = nullptr;
    QTableView *m_consumerView = nullptr;
    ChannelListModel *m_channelModel = nullptr;
    QTableView *m_channelView = nullptr;
};

} // namespace depot::ui
