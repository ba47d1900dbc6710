#include "ui/views/GroupsPanel.h"

#include "ui/client/BrokerClient.h"
#include "ui/models/TopicModels.h"
#include "ui/views/KafkaDialogs.h"
#include "ui/views/WindowParts.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace depot::ui {

GroupsPanel::GroupsPanel(BrokerClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_reset = new QPushButton(depotIcon("replay"), tr("Reset offsets…"), this);
    m_reset->setObjectName(QStringLiteral("resetOffsets"));
    m_delete = new QPushButton(depotIcon("delete"), tr("Delete group…"), this);
    m_delete->setObjectName(QStringLiteral("deleteGroup"));
    bar->addWidget(m_reset);
    bar->addWidget(m_delete);
    bar->addStretch(1);
    layout->addLayout(bar);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("groupsSplitter"));
    m_groups = new GroupListModel(this);
    m_groupView = makeTable(splitter);
    m_groupView->setObjectName(QStringLiteral("groupList"));
    m_groupView->setModel(m_groups);
    m_groupView->horizontalHeader()->resizeSection(GroupListModel::Name, 220);
    m_groupView->horizontalHeader()->resizeSection(GroupListModel::State, 150);

    auto *details = new QWidget(splitter);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(details);
    m_title->setObjectName(QStringLiteral("groupTitle"));
    m_members = new GroupMemberModel(this);
    m_memberView = makeTable(details);
    m_memberView->setObjectName(QStringLiteral("memberList"));
    m_memberView->setModel(m_members);
    m_memberView->horizontalHeader()->resizeSection(GroupMemberModel::ClientId, 160);
    m_memberView->horizontalHeader()->resizeSection(GroupMemberModel::Host, 120);
    m_memberView->horizontalHeader()->resizeSection(GroupMemberModel::Assignment, 220);
    m_offsets = new GroupOffsetModel(this);
    m_offsetView = makeTable(details);
    m_offsetView->setObjectName(QStringLiteral("groupOffsetList"));
    m_offsetView->setModel(m_offsets);
    // Numbers next to their names, not across the tab's width.
    for (QTableView *view : {m_groupView, m_offsetView})
        view->horizontalHeader()->setStretchLastSection(false);
    m_groupView->horizontalHeader()->resizeSection(GroupListModel::Members, 100);
    m_groupView->horizontalHeader()->resizeSection(GroupListModel::Lag, 110);
    m_offsetView->horizontalHeader()->resizeSection(GroupOffsetModel::Topic, 220);
    for (int c = GroupOffsetModel::Partition; c <= GroupOffsetModel::Lag; ++c)
        m_offsetView->horizontalHeader()->resizeSection(c, 110);
    detailsLayout->addWidget(m_title);
    detailsLayout->addWidget(new QLabel(tr("Members"), details));
    detailsLayout->addWidget(m_memberView, 1);
    detailsLayout->addWidget(new QLabel(tr("Committed offsets and lag"), details));
    detailsLayout->addWidget(m_offsetView, 2);
    splitter->addWidget(m_groupView);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_reset, &QPushButton::clicked, this, [this] { resetOffsets(); });
    connect(m_delete, &QPushButton::clicked, this, &GroupsPanel::deleteGroup);
    connect(m_groupView->selectionModel(), &QItemSelectionModel::currentChanged, this, &GroupsPanel::refreshDetails);
    refreshDetails();
}

GroupsPanel::~GroupsPanel() = default;

void GroupsPanel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    m_snapshot = snapshot;
    m_groups->update(snapshot->groups);
    refreshDetails();
}

QString GroupsPanel::currentGroup() const
{
    return m_groups->groupAt(m_groupView->currentIndex().row());
}

const kafka::GroupView *GroupsPanel::current() const
{
    return m_snapshot ? m_snapshot->group(currentGroup()) : nullptr;
}

bool GroupsPanel::selectGroup(const QString &name)
{
    const int row = m_groups->rowOf(name);
    if (row < 0)
        return false;
    m_groupView->setCurrentIndex(m_groups->index(row, 0));
    return true;
}

void GroupsPanel::refreshDetails()
{
    const kafka::GroupView *group = current();
    m_members->update(group);
    m_offsets->update(group);
    if (!group) {
        m_title->setText(tr("Select a group to see its members, committed offsets and lag."));
    } else {
        m_title->setText(tr("<b>%1</b> · %2 · generation %3 · protocol %4 · total lag %5")
                             .arg(group->name.toHtmlEscaped(), group->state, QString::number(group->generation),
                                 group->protocol.isEmpty() ? tr("none") : group->protocol.toHtmlEscaped(),
                                 QLocale().toString(shownLag(*group))));
    }
    updateButtons();
}

void GroupsPanel::updateButtons()
{
    const kafka::GroupView *group = current();
    const int members = group ? int(group->members.size()) : 0;
    const bool idle = group && members == 0;
    m_reset->setEnabled(idle && !group->offsets.isEmpty());
    m_delete->setEnabled(idle);
    if (!group) {
        m_reset->setToolTip(tr("Select a group first"));
        m_delete->setToolTip(tr("Select a group first"));
    } else if (members > 0) {
        const QString why = tr("%1 has %n member(s): Kafka changes a group's offsets or deletes it only while it "
                               "has no members. Stop its consumers first.",
            nullptr, members)
                                .arg(group->name);
        m_reset->setToolTip(why);
        m_delete->setToolTip(why);
    } else {
        m_reset->setToolTip(group->offsets.isEmpty() ? tr("The group has committed no offsets")
                                                     : tr("Move the group's committed offsets"));
        m_delete->setToolTip(tr("Delete the group with its committed offsets"));
    }
}

bool GroupsPanel::confirm(const QString &question)
{
    if (m_confirm)
        return m_confirm(question);
    return QMessageBox::question(this, tr("Depot"), question) == QMessageBox::Yes;
}

ResetOffsetsDialog *GroupsPanel::resetOffsets()
{
    const kafka::GroupView *group = current();
    if (!group || !m_reset->isEnabled())
        return nullptr;
    // The topics it has offsets in, with their partition counts now.
    TopicPartitions topics;
    for (const kafka::GroupOffsetView &o : group->offsets) {
        const kafka::TopicView *t = m_snapshot->topic(o.topic);
        topics.insert(o.topic, t ? qint32(t->partitions.size()) : std::max(topics.value(o.topic), o.partition + 1));
    }
    auto *dialog = new ResetOffsetsDialog(group->name, topics, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const int row = m_offsetView->currentIndex().row();
    if (row >= 0 && row < m_offsets->rowCount())
        dialog->select(m_offsets->rowAt(row).topic, m_offsets->rowAt(row).partition);
    dialog->setSender([this](const kafka::OffsetReset &reset, FormDialog::Answer answer) {
        const bool posted = m_client->kafkaResetOffsets(this, reset,
            [this, reset, answer](Result<QList<kafka::GroupOffsetView>> r) {
                if (!r.ok()) {
                    answer(tr("Depot refused: %1").arg(r.error.text));
                    return;
                }
                answer(QString());
                Q_EMIT message(tr("Reset %n offset(s) of %1.", nullptr, int(r.value.size())).arg(reset.group));
                m_client->refreshNow();
            });
        if (!posted)
            answer(tr("Depot is not running."));
    });
    dialog->open();
    return dialog;
}

void GroupsPanel::deleteGroup()
{
    const kafka::GroupView *group = current();
    if (!group || !m_delete->isEnabled())
        return;
    const QString name = group->name;
    if (!confirm(tr("Delete the consumer group %1 with its %n committed offset(s)?", nullptr,
                     int(group->offsets.size()))
                     .arg(name)))
        return;
    const bool posted = m_client->kafkaDeleteGroup(this, name, [this, name](Result<void> r) {
        Q_EMIT message(r.ok() ? tr("Deleted the consumer group %1.").arg(name)
                              : tr("Could not delete the consumer group %1: %2").arg(name, r.error.text));
        m_client->refreshNow();
    });
    if (!posted)
        Q_EMIT message(tr("Depot is not running."));
}

} // namespace depot::ui
