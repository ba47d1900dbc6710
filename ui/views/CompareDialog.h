#pragma once

// CompareDialog: two messages side by side (MessageComparison): their
// properties, headers and bodies in aligned rows, each row that differs
// marked by colour and a sign in its first column (≠ changed, − only on the
// left, + only on the right), with the count of differences and a switch
// to show only them. Non-modal; it keeps the messages as they were when it
// opened.

#include "ui/models/MessageComparison.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QTreeWidget;

namespace depot::ui {

class CompareDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareDialog)

public:
    // The role of column 0 that holds a row's MessageComparison::Mark (as int).
    static constexpr int MarkRole = Qt::UserRole + 1;

    CompareDialog(const MessageComparison &comparison, const QString &leftTitle, const QString &rightTitle,
        QWidget *parent = nullptr);
    ~CompareDialog() override;

    const MessageComparison &comparison() const { return m_comparison; }
    QTreeWidget *propertiesTree() const { return m_properties; }
    QTreeWidget *headersTree() const { return m_headers; }
    QTreeWidget *bodyTree() const { return m_body; }
    QLabel *summaryLabel() const { return m_summary; }
    QCheckBox *onlyDifferencesBox() const { return m_onlyDifferences; }

private:
    void fill(QTreeWidget *tree, const QList<MessageComparison::Row> &rows, bool named);
    void applyFilter();

    MessageComparison m_comparison;
    QLabel *m_summary = nullptr;
    QCheckBox *m_onlyDifferences = nullptr;
    QTreeWidget *m_properties = nullptr;
    QTreeWidget *m_headers = nullptr;
    QTreeWidget *m_body = nullptr;
};

} // namespace depot::ui
