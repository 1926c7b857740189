"""Charts of the 3 chủ động dashboard, drawn on the server as inline SVG.

No script and no style attribute (the content security policy forbids both): colours are
SVG presentation attributes, sizes come from the viewBox, so a chart scales with the card
it sits in, down to a 360 px phone. Every shape carries a <title> (its figure on hover and
for screen readers) and every chart a role="img" with a text label.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

# The status colours, shared with the map's CSS classes (app.css .rec-tile-*).
COLOURS = {
    "none": "#c9ced8",
    "registered": "#9db8e6",
    "submitted": "#1c4fa1",
    "reviewed": "#a85d00",
    "recognised": "#17804a",
    "revoked": "#c8102e",
}
STEPS = ("registered", "submitted", "reviewed", "recognised")


def _join(parts: list[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def stacked_bar(segments: list[tuple[str, int]], labels: dict, *, caption: str) -> SafeString:
    """One horizontal bar split into the statuses' shares ([(status, unions)])."""
    total = sum(n for _status, n in segments)
    parts = []
    x = 0.0
    for status, n in segments:
        if not n or not total:
            continue
        width = 100.0 * n / total
        parts.append(
            format_html(
                '<rect x="{}" y="0" width="{}" height="10" fill="{}" class="rec-seg-{}">'
                "<title>{}: {}</title></rect>",
                _num(x), _num(width), COLOURS[status], status, labels[status], n,
            )
        )  # fmt: skip
        x += width
    if not parts:
        parts.append(
            format_html('<rect x="0" y="0" width="100" height="10" fill="{}"></rect>', "#eef1f6")
        )
    return format_html(
        '<svg class="rec-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        'aria-label="{}">{}</svg>',
        caption,
        _join(parts),
    )


def share_bar(n: int, total: int, status: str, *, caption: str) -> SafeString:
    """A bar filled to n / total in the colour of `status`."""
    width = 100.0 * n / total if total else 0
    return format_html(
        '<svg class="rec-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        'aria-label="{}"><rect x="0" y="0" width="100" height="10" fill="#eef1f6"></rect>'
        '<rect x="0" y="0" width="{}" height="10" fill="{}"><title>{}</title></rect></svg>',
        caption,
        _num(width),
        COLOURS[status],
        caption,
    )


def trend_chart(trend: list, labels: dict) -> SafeString:
    """Grouped columns by year: registered, self-assessed, reviewed, recognised."""
    width, height, top, bottom, left = 320, 170, 12, 22, 28
    plot = height - top - bottom
    # Scaled to the largest series (plans registered), rounded up to an even number so
    # that the middle guide is a whole number of unions.
    peak = max([t.registered for t in trend] + [1])
    peak += peak % 2 if peak > 1 else 0
    group = (width - left) / max(len(trend), 1)
    bar = group * 0.8 / len(STEPS)
    shapes = []
    # Horizontal guides at 0, half and the peak.
    for fraction in (0, 0.5, 1) if peak > 1 else (0, 1):
        y = top + plot * (1 - fraction)
        shapes.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dde2ea" stroke-width="1"></line>'
                '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#5b6476">{}</text>',
                left, width, _num(y), _num(y), left - 4, _num(y + 3), round(peak * fraction),
            )
        )  # fmt: skip
    names = {
        "registered": _("Plans registered"),
        "submitted": _("Self-assessed"),
        "reviewed": _("Reviewed"),
        "recognised": _("Recognised"),
    }
    for index, line in enumerate(trend):
        x0 = left + index * group + group * 0.1
        for step_index, step in enumerate(STEPS):
            value = getattr(line, step)
            h = plot * value / peak
            shapes.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" class="rec-col-{}">'
                    "<title>{} {}: {}</title></rect>",
                    _num(x0 + step_index * bar), _num(top + plot - h), _num(bar * 0.9), _num(h),
                    COLOURS[step], step, line.year, names[step], value,
                )
            )  # fmt: skip
        shapes.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#1d2433">{}</text>',
                _num(left + index * group + group / 2), height - 6, line.year,
            )
        )  # fmt: skip
    return format_html(
        '<svg class="rec-trend" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        _("Trend by year"),
        _join(shapes),
    )


def legend(labels: dict, statuses=None) -> SafeString:
    statuses = statuses or list(COLOURS)
    return format_html(
        '<ul class="rec-legend">{}</ul>',
        format_html_join(
            "",
            '<li><svg viewBox="0 0 10 10" width="12" height="12" aria-hidden="true">'
            '<rect width="10" height="10" rx="2" fill="{}"></rect></svg>{}</li>',
            ((COLOURS[s], labels[s]) for s in statuses),
        ),
    )
