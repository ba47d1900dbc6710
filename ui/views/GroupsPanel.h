#pragma once

// GroupsPanel: the Consumer groups tab. Kafka's consumer groups with their
// state, members and total lag; the selected group's members (client id,
// host, assigned partitions) and, per partition, its committed offset, the
// log end and the lag. Offsets are reset (ResetOffsetsDialog) and groups
// deleted only while a group has no members, as Kafka requires: the actions
// are disabled, with a tooltip saying why, while it has some, and a refusal
// from the broker (a member joined meanwhile) shows in the dialog.

#include "ui/client/BrokerSnapshot.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableView;

namespace depot::ui {

class BrokerClient;
class GroupListModel;
class GroupMemberModel;
class GroupOffsetModel;
class ResetOffsetsDialog;

class GroupsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GroupsPanel)

public:
    GroupsPanel(BrokerClient *client, QWidget *parent = nullptr);
    ~GroupsPanel() override;

    void updateFromSnapshot(const SnapshotPtr &snapshot);
    QString currentGroup() const;
    bool selectGroup(const QString &name);

    // Opens the reset dialog for the current group (null: no group, or it
    // has members), preset to the selected offset row's topic and partition.
    ResetOffsetsDialog *resetOffsets();
    // Asks first (setConfirmForTests answers for tests).
    void deleteGroup();
    void setConfirmForTests(std::function<bool(const QString &)> confirm) { m_confirm = std::move(confirm); }

    // Exposed for tests and screenshots.
    GroupListModel *groupModel() const { return m_groups; }
    GroupMemberModel *memberModel() const { return m_members; }
    GroupOffsetModel *offsetModel() const { return m_offsets; }
    QTableView *groupView() const { return m_groupView; }
    QTableView *memberView() const { return m_memberView; }
    QTableView *offsetView() const { return m_offsetView; }
    QPushButton *resetButton() const { return m_reset; }
    QPushButton *deleteButton() const { return m_delete; }

Q_SIGNALS:
    void message(const QString &text);   // for the status bar

private:
    void refreshDetails();
    void updateButtons();
    const kafka::GroupView *current() const;
    bool confirm(const QString &question);

    BrokerClient *m_client;
    SnapshotPtr m_snapshot;
    GroupListModel *m_groups = nullptr;
    GroupMemberModel *m_members = nullptr;
    GroupOffsetModel *m_offsets = nullptr;
    QTableView *m_groupView = nullptr;
    QTableView *m_memberView = nullptr;
    QTableView *m_offsetView = nullptr;
    QLabel *m_title = nullptr;
    QPushButton *m_reset = nullptr;
    QPushButton *m_delete = nullptr;
    std::function<bool(const QString &)> m_confirm;
};

} // namespace depot::ui
