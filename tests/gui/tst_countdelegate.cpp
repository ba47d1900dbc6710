// CountDelegate draws the queue list's counts from prepared texts: it must
// put them where Qt's standard delegate does (right-aligned, centred
// vertically, selection colours), keep one prepared text per distinct
// text, and elide a text too wide for its cell like the standard one.

#include "ui/views/CountDelegate.h"

#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace depot::ui;

namespace {

// The box of pixels that differ from the cell's background.
QRect ink(const QImage &image, const QRect &cell)
{
    const QRgb background = image.pixel(cell.left() + 1, cell.top() + 1);
    QRect box;
    for (int y = cell.top(); y <= cell.bottom(); ++y) {
        for (int x = cell.left(); x <= cell.right(); ++x) {
            if (image.pixel(x, y) != background)
                box |= QRect(x, y, 1, 1);
        }
    }
    return box;
}

} // namespace

class TestCountDelegate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<QStandardItemModel>(4, 2);
        const QStringList texts{QStringLiteral("7"), QStringLiteral("1,234"), QStringLiteral("7"),
                                QStringLiteral("98,765,432,109,876")};
        for (int r = 0; r < texts.size(); ++r) {
            for (int c = 0; c < 2; ++c) {
                auto *item = new QStandardItem(texts.at(r));
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                m_model->setItem(r, c, item);
            }
        }
        m_view = std::make_unique<QTableView>();
        m_view->setModel(m_model.get());
        m_view->setShowGrid(false);
        m_view->verticalHeader()->hide();
        m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
        m_view->horizontalHeader()->resizeSection(0, 90);
        m_view->horizontalHeader()->resizeSection(1, 90);
        m_view->resize(220, 160);
        m_delegate = new CountDelegate(m_view.get());
        m_view->setItemDelegateForColumn(1, m_delegate);   // column 0 keeps the standard delegate
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_view.reset();
        m_model.reset();
    }

    void drawsWhereTheStandardDelegateDoes()
    {
        m_view->selectRow(1);
        const QImage image = m_view->viewport()->grab().toImage();
        // Row 1's first cell is current and framed for focus; compare the others.
        for (int row : {0, 2}) {
            const QRect standard = m_view->visualRect(m_model->index(row, 0));
            const QRect counted = m_view->visualRect(m_model->index(row, 1));
            const QRect a = ink(image, standard).translated(counted.left() - standard.left(), 0);
            const QRect b = ink(image, counted);
            QVERIFY2(!b.isEmpty(), qPrintable(QString::number(row)));
            const auto near = [](int x, int y) { return std::abs(x - y) <= 1; };
            QVERIFY2(near(a.left(), b.left()) && near(a.right(), b.right()) && near(a.top(), b.top())
                         && near(a.bottom(), b.bottom()),
                     qPrintable(QStringLiteral("row %1: standard %2,%3 %4x%5, prepared %6,%7 %8x%9")
                                    .arg(row)
                                    .arg(a.x()).arg(a.y()).arg(a.width()).arg(a.height())
                                    .arg(b.x()).arg(b.y()).arg(b.width()).arg(b.height())));
        }
        // The selected row's text is in the highlighted-text colour on the highlight.
        const QRect selected = ink(image, m_view->visualRect(m_model->index(1, 1)));
        const QColor highlight = m_view->palette().color(QPalette::Active, QPalette::Highlight);
        QCOMPARE(QColor(image.pixel(m_view->visualRect(m_model->index(1, 1)).topLeft() + QPoint(2, 2))), highlight);
        bool highlightedText = false;
        const QColor textColor = m_view->palette().color(QPalette::Active, QPalette::HighlightedText);
        for (int y = selected.top(); y <= selected.bottom(); ++y) {
            for (int x = selected.left(); x <= selected.right(); ++x)
                highlightedText = highlightedText || QColor(image.pixel(x, y)) == textColor;
        }
        QVERIFY(highlightedText);
    }

    void preparesEachTextOnce()
    {
        m_view->viewport()->grab();
        const int first = m_delegate->cachedTexts();
        QCOMPARE(first, 3);   // "7" twice, "1,234", and the long one (measured, then elided)
        m_view->viewport()->grab();
        m_model->item(0, 1)->setText(QStringLiteral("8"));
        m_view->viewport()->grab();
        QCOMPARE(m_delegate->cachedTexts(), 4);
    }

    void tooWideIsElided()
    {
        const QImage image = m_view->viewport()->grab().toImage();
        const QRect cell = m_view->visualRect(m_model->index(3, 1));
        const QRect standard = m_view->visualRect(m_model->index(3, 0));
        // Elided the same way as the standard delegate: the same ink, inside the cell.
        const QRect a = ink(image, standard).translated(cell.left() - standard.left(), 0);
        const QRect b = ink(image, cell);
        QCOMPARE(b, a);
        QVERIFY(cell.contains(b));
    }

private:
    std::unique_ptr<QStandardItemModel> m_model;
    std::unique_ptr<QTableView> m_view;
    CountDelegate *m_delegate = nullptr;
};

QTEST_MAIN(TestCountDelegate)
#include "tst_countdelegate.moc"
