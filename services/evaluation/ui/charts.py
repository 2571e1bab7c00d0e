"""Charts drawn server-side as inline SVG: no script, no network, printable, readable on an
old county PC. Pure functions from numbers to markup (labels escaped)."""
from markupsafe import Markup, escape

PALETTE = ("#1f5fa8", "#c0392b", "#2e8b57", "#b8860b", "#6a3d9a", "#008b8b")


def _fmt(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def bar_chart(rows: list[tuple[str, float]], title: str, highlight: set | None = None,
              width: int = 640, bar_h: int = 18, gap: int = 6, label_w: int = 90) -> Markup:
    """Horizontal bars, one per (label, value), largest first as given."""
    highlight = highlight or set()
    top = max([v for _, v in rows] + [0]) or 1
    plot_w = width - label_w - 70
    height = len(rows) * (bar_h + gap) + 30
    parts = [f'<svg class="chart bar-chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
             f'<title>{escape(title)}</title>']
    for i, (label, value) in enumerate(rows):
        y = 20 + i * (bar_h + gap)
        w = max(1, round(value / top * plot_w)) if value > 0 else 0
        color = PALETTE[1] if label in highlight else PALETTE[0]
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end" '
                     f'font-size="12">{escape(label)}</text>')
        parts.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{w}" height="{bar_h}" '
                     f'fill="{color}"><title>{escape(label)}:{_fmt(value)}</title></rect>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + bar_h - 5}" font-size="12">{_fmt(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(months: list[str], series: list[tuple[str, list[float]]], title: str,
               width: int = 640, height: int = 240) -> Markup:
    """One line per (name, 12 monthly values), a shared y axis from 0, and a legend."""
    left, right, top_pad, bottom = 60, 10, 16, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    peak = max([v for _, values in series for v in values] + [0]) or 1
    n = max(1, len(months) - 1)

    def xy(i, v):
        return left + round(i * plot_w / n), top_pad + plot_h - round(v / peak * plot_h)

    parts = [f'<svg class="chart line-chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
             f'<title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" y2="{top_pad + plot_h}" stroke="#888"/>',
             f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#888"/>',
             f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" font-size="11">{_fmt(peak)}</text>',
             f'<text x="{left - 4}" y="{top_pad + plot_h}" text-anchor="end" font-size="11">0</text>']
    for i, month in enumerate(months):
        x, _ = xy(i, 0)
        parts.append(f'<text x="{x}" y="{top_pad + plot_h + 14}" text-anchor="middle" '
                     f'font-size="11">{int(month[5:])}月</text>')
    for k, (name, values) in enumerate(series):
        color = PALETTE[k % len(PALETTE)]
        points = " ".join("%d,%d" % xy(i, v) for i, v in enumerate(values))
        parts.append(f'<polyline class="line" fill="none" stroke="{color}" stroke-width="2" '
                     f'points="{points}"><title>{escape(name)}</title></polyline>')
        lx = left + k * 150
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="12" height="4" fill="{color}"/>'
                     f'<text x="{lx + 16}" y="{height - 9}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def progress_bar(percent: float) -> Markup:
    shown = max(0.0, min(100.0, percent))
    return Markup(f'<svg class="chart progress" viewBox="0 0 200 14" width="200" height="14" '
                  f'role="img" xmlns="http://www.w3.org/2000/svg"><title>{percent:.1f}%</title>'
                  f'<rect width="200" height="14" fill="#e6e6e6"/>'
                  f'<rect width="{round(shown * 2)}" height="14" fill="#2e8b57"/></svg>')
