// SparklineDelegate::render: the queue list's depth sparkline, drawn pixel
// by pixel into a small image (cheap enough for 100 busy queues repainted
// four times a second). It must still look like a filled line chart.

#include "ui/views/SparklineDelegate.h"

#include <QApplication>
#include <QImage>
#include <QTest>

using namespace depot::ui;

namespace {

// The row of column x's most opaque pixel (the line), -1 when empty.
int lineRow(const QImage &image, int x)
{
    int best = -1;
    int bestAlpha = 0;
    for (int y = 0; y < image.height(); ++y) {
        if (qAlpha(image.pixel(x, y)) > bestAlpha) {
            bestAlpha = qAlpha(image.pixel(x, y));
            best = y;
        }
    }
    return best;
}

} // namespace

class TestSparkline final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void risingDepthRisesLeftToRight()
    {
        QList<double> history;
        for (int i = 0; i <= 120; ++i)
            history << double(i);
        const QImage image = SparklineDelegate::render(history, QSize(58, 20), Qt::blue);
        QCOMPARE(image.size(), QSize(58, 20));
        const int left = lineRow(image, 0);
        const int middle = lineRow(image, 29);
        const int right = lineRow(image, 57);
        QVERIFY2(left >= 17, qPrintable(QString::number(left)));    // the lowest value at the bottom
        QVERIFY2(right <= 2, qPrintable(QString::number(right)));   // the highest at the top
        QVERIFY(middle > right && middle < left);
        // Filled below the line, faintly; empty above it.
        QVERIFY(qAlpha(image.pixel(57, 15)) > 0);
        QVERIFY(qAlpha(image.pixel(57, 15)) < 128);
        QCOMPARE(qAlpha(image.pixel(0, 5)), 0);
        // The line is drawn in the colour asked for.
        QCOMPARE(qRed(image.pixel(57, right)), 0);
        QVERIFY(qBlue(image.pixel(57, right)) > 128);
    }

    void spikeIsKept()
    {
        QList<double> history(60, 10.0);
        history[30] = 100.0;
        const QImage image = SparklineDelegate::render(history, QSize(59, 20), Qt::black);
        int highest = image.height();
        for (int x = 0; x < image.width(); ++x)
            highest = std::min(highest, lineRow(image, x));
        QVERIFY2(highest <= 2, qPrintable(QString::number(highest)));
        QVERIFY(lineRow(image, 2) >= 17);   // zero-based: 10 of 100 sits low
    }

    // An empty queue is a line along the bottom.
    void emptyQueueIsALineAlongTheBottom()
    {
        const QImage image = SparklineDelegate::render(QList<double>(40, 0.0), QSize(50, 16), Qt::red);
        for (int x = 0; x < image.width(); ++x) {
            QVERIFY(lineRow(image, x) >= 14);
            for (int y = 0; y < 12; ++y)
                QCOMPARE(qAlpha(image.pixel(x, y)), 0);
        }
    }

    // A queue that held the same number of messages all along is a full band
    // with its line at the top: it looked like an empty one (a flat line at
    // the bottom), whatever its depth.
    void steadyFullQueueIsNotDrawnAsEmpty()
    {
        for (double depth : {1.0, 5.0, 1989.0}) {
            const QImage image = SparklineDelegate::render(QList<double>(40, depth), QSize(50, 16), Qt::red);
            for (int x = 0; x < image.width(); ++x) {
                QVERIFY2(lineRow(image, x) <= 2, qPrintable(QString::number(lineRow(image, x))));
                QVERIFY(qAlpha(image.pixel(x, 10)) > 0); // filled beneath
            }
        }
    }

    // Zero is always visible: a queue moving between 1,900 and 2,000 is drawn
    // near the top, not stretched over the whole height.
    void zeroStaysVisible()
    {
        QList<double> history;
        for (int i = 0; i < 40; ++i)
            history << (i % 2 ? 2000.0 : 1900.0);
        const QImage image = SparklineDelegate::render(history, QSize(50, 20), Qt::red);
        for (int x = 0; x < image.width(); ++x)
            QVERIFY2(lineRow(image, x) <= 3, qPrintable(QString::number(lineRow(image, x))));
    }

    void tooFewSamplesDrawNothing()
    {
        for (const QList<double> &history : {QList<double>{}, QList<double>{7.0}}) {
            const QImage image = SparklineDelegate::render(history, QSize(30, 10), Qt::red);
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x)
                    QCOMPARE(qAlpha(image.pixel(x, y)), 0);
            }
        }
    }
};

QTEST_MAIN(TestSparkline)
#include "tst_sparkline.moc"
