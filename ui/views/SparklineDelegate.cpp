#include "ui/views/SparklineDelegate.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace depot::ui {

namespace {

constexpr double LineHalfWidth = 0.65;   // a 1.3 px line
constexpr int FillAlpha = 50;

// How much of the pixel row [row, row + 1) the interval [from, to] covers, 0..1.
double coverage(double from, double to, int row)
{
    return std::clamp(std::min(to, double(row + 1)) - std::max(from, double(row)), 0.0, 1.0);
}

QRgb premultiplied(const QColor &color, double alpha)
{
    return qPremultiply(qRgba(color.red(), color.green(), color.blue(), int(std::lround(alpha * 255.0))));
}

// `over` composed over `under`, both premultiplied.
QRgb over(QRgb top, QRgb under)
{
    const int keep = 255 - qAlpha(top);
    const auto mix = [keep](int t, int u) { return t + (u * keep + 127) / 255; };
    return qRgba(mix(qRed(top), qRed(under)), mix(qGreen(top), qGreen(under)), mix(qBlue(top), qBlue(under)),
                 mix(qAlpha(top), qAlpha(under)));
}

} // namespace

SparklineDelegate::SparklineDelegate(int historyRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_role(historyRole)
{
}

SparklineDelegate::~SparklineDelegate() = default;

QImage SparklineDelegate::render(const QList<double> &history, QSize pixels, const QColor &color)
{
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    const int width = pixels.width();
    const int height = pixels.height();
    if (history.size() < 2 || width < 2 || height < 2)
        return image;

    // Each sparkline has its own scale, from zero to its own highest value:
    // zero is always the bottom, so a queue holding 1,989 messages all along
    // is a full band, never the flat line at the bottom an empty queue is
    // (scaled from its own lowest value, it looked exactly as empty).
    const double low = 0.0;
    const double span = std::max(1.0, *std::max_element(history.begin(), history.end()));
    const double bottom = double(height) - 0.5 - LineHalfWidth;   // y of the lowest value, 0 = top
    const double top = 0.5 + LineHalfWidth;
    const auto yOf = [&](double v) { return bottom - (v - low) / span * (bottom - top); };
    const auto valueAt = [&](double t) {
        const auto i = std::min(qsizetype(t), history.size() - 2);
        return history.at(i) + (history.at(i + 1) - history.at(i)) * (t - double(i));
    };

    // Each pixel column covers a stretch of the history; it shows that
    // stretch's highest and lowest value, so a spike or a drain between two
    // columns is never lost. y grows downwards: high[x] <= low[x].
    QList<double> high(width);
    QList<double> lowest(width);
    const double perPixel = double(history.size() - 1) / double(width - 1);
    for (int x = 0; x < width; ++x) {
        const double t0 = std::clamp((double(x) - 0.5) * perPixel, 0.0, double(history.size() - 1));
        const double t1 = std::clamp((double(x) + 0.5) * perPixel, 0.0, double(history.size() - 1));
        double vMin = std::min(valueAt(t0), valueAt(t1));
        double vMax = std::max(valueAt(t0), valueAt(t1));
        for (auto i = qsizetype(std::ceil(t0)); double(i) <= t1; ++i) {
            vMin = std::min(vMin, history.at(i));
            vMax = std::max(vMax, history.at(i));
        }
        high[x] = yOf(vMax);
        lowest[x] = yOf(vMin);
    }

    // Column by column: the area under the line, then the line itself,
    // joined halfway to its neighbours, 1.3 px thick. Drawn here rather than
    // with QPainter paths: stroking and filling an antialiased path per queue
    // was most of the queue list's repaint, and Qt's raster engine hands fills
    // of many spans to its thread pool and waits for it, which under load
    // means waiting for a core.
    for (int x = 0; x < width; ++x) {
        double lineFrom = high[x];
        double lineTo = lowest[x];
        for (int n : {x - 1, x + 1}) {
            if (n < 0 || n >= width)
                continue;
            if (lowest[n] < high[x])
                lineFrom = std::min(lineFrom, (lowest[n] + high[x]) / 2);
            if (high[n] > lowest[x])
                lineTo = std::max(lineTo, (high[n] + lowest[x]) / 2);
        }
        lineFrom -= LineHalfWidth;
        lineTo += LineHalfWidth;
        for (int row = std::max(0, int(std::floor(lineFrom))); row < height; ++row) {
            const double fill = coverage(high[x], double(height), row) * FillAlpha / 255.0;
            const double line = coverage(lineFrom, lineTo, row);
            if (fill <= 0 && line <= 0)
                continue;
            QRgb pixel = premultiplied(color, fill);
            if (line > 0)
                pixel = over(premultiplied(color, line), pixel);
            reinterpret_cast<QRgb *>(image.scanLine(row))[x] = pixel;
        }
    }
    return image;
}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // Background and selection; the cell has no text or icon of its own.
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &option, painter, widget);

    const QList<double> history = index.data(m_role).value<QList<double>>();
    if (history.size() < 2)
        return;
    const QRect area = option.rect.adjusted(3, 4, -3, -4);
    if (area.width() < 2 || area.height() < 2)
        return;
    const bool selected = option.state & QStyle::State_Selected;
    const QColor color = selected ? option.palette.highlightedText().color() : option.palette.highlight().color();
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
    QImage image = render(history, (QSizeF(area.size()) * ratio).toSize(), color);
    image.setDevicePixelRatio(ratio);
    painter->drawImage(area.topLeft(), image);
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QSize(110, QStyledItemDelegate::sizeHint(option, index).height());
}

} // namespace depot::ui
