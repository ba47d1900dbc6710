#include "ui/views/CompareDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace depot::ui {

namespace {

using Mark = MessageComparison::Mark;

// Translucent, so the marks read on the light and the dark palette alike.
QColor markColour(Mark mark)
{
    switch (mark) {
    case Mark::Changed:
        return QColor(230, 170, 20, 70);
    case Mark::OnlyLeft:
        return QColor(220, 50, 50, 60);
    case Mark::OnlyRight:
        return QColor(40, 170, 60, 60);
    case Mark::Same:
        break;
    }
    return {};
}

QString markSign(Mark mark)
{
    switch (mark) {
    case Mark::Changed:
        return QStringLiteral("≠");
    case Mark::OnlyLeft:
        return QStringLiteral("−");
    case Mark::OnlyRight:
        return QStringLiteral("+");
    case Mark::Same:
        break;
    }
    return {};
}

QString markTip(Mark mark)
{
    switch (mark) {
    case Mark::Changed:
        return CompareDialog::tr("Differs");
    case Mark::OnlyLeft:
        return CompareDialog::tr("Only in the left message");
    case Mark::OnlyRight:
        return CompareDialog::tr("Only in the right message");
    case Mark::Same:
        break;
    }
    return {};
}

} // namespace

CompareDialog::CompareDialog(
    const MessageComparison &comparison, const QString &leftTitle, const QString &rightTitle, QWidget *parent)
    : QDialog(parent)
    , m_comparison(comparison)
{
    setObjectName(QStringLiteral("compareDialog"));
    setWindowTitle(tr("Compare messages"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const qsizetype count = comparison.differences.size();
    const QString body = comparison.bodyKind == MessageComparison::BodyKind::Json ? tr("bodies compared as JSON")
        : comparison.bodyKind == MessageComparison::BodyKind::Text                ? tr("bodies compared as text")
                                                                                  : tr("bodies compared as hex");
    m_summary->setText(tr("<b>Left:</b> %1 &nbsp; <b>Right:</b> %2").arg(leftTitle.toHtmlEscaped(), rightTitle.toHtmlEscaped())
        + QStringLiteral("<br>")
        + (count == 0 ? tr("The messages are identical (%1).").arg(body)
                      : tr("%n difference(s) (%1).", nullptr, int(count)).arg(body)));
    layout->addWidget(m_summary);
    m_onlyDifferences = new QCheckBox(tr("Show only differences"), this);
    m_onlyDifferences->setObjectName(QStringLiteral("onlyDifferences"));
    layout->addWidget(m_onlyDifferences);
    connect(m_onlyDifferences, &QCheckBox::toggled, this, &CompareDialog::applyFilter);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    const auto makeTree = [splitter](const QStringList &labels) {
        auto *tree = new QTreeWidget(splitter);
        tree->setHeaderLabels(labels);
        tree->setRootIsDecorated(false);
        tree->setUniformRowHeights(true);
        tree->setAlternatingRowColors(false);
        tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
        return tree;
    };
    const QString left = tr("Left");
    const QString right = tr("Right");
    m_properties = makeTree({QString(), tr("Property"), left, right});
    m_headers = makeTree({QString(), tr("Header"), left, right});
    m_body = makeTree({QString(), tr("Left body"), tr("Right body")});
    for (QTreeWidget *tree : {m_properties, m_headers}) {
        tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
        tree->header()->setSectionResizeMode(2, QHeaderView::Stretch);
        tree->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    }
    m_properties->setObjectName(QStringLiteral("compareProperties"));
    m_headers->setObjectName(QStringLiteral("compareHeaders"));
    m_body->setObjectName(QStringLiteral("compareBody"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_body->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    fill(m_properties, comparison.properties, true);
    fill(m_headers, comparison.headers, true);
    fill(m_body, comparison.body, false);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 4);
    layout->addWidget(splitter, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(1000, 720);
}

CompareDialog::~CompareDialog() = default;

void CompareDialog::fill(QTreeWidget *tree, const QList<MessageComparison::Row> &rows, bool named)
{
    for (const MessageComparison::Row &row : rows) {
        auto *item = new QTreeWidgetItem(tree);
        item->setText(0, markSign(row.mark));
        item->setData(0, MarkRole, int(row.mark));
        item->setToolTip(0, markTip(row.mark));
        const int first = named ? 2 : 1;
        if (named)
            item->setText(1, row.name);
        item->setText(first, row.left);
        item->setText(first + 1, row.right);
        if (row.mark != Mark::Same) {
            for (int c = 0; c < tree->columnCount(); ++c)
                item->setBackground(c, markColour(row.mark));
        }
    }
}

void CompareDialog::applyFilter()
{
    const bool only = m_onlyDifferences->isChecked();
    for (QTreeWidget *tree : {m_properties, m_headers, m_body}) {
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = tree->topLevelItem(i);
            item->setHidden(only && Mark(item->data(0, MarkRole).toInt()) == Mark::Same);
        }
    }
}

} // namespace depot::ui
