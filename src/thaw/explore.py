"""What every chapter's ipywidgets explorer shares: a sentence and a chart that follow its controls.

The chapter modules keep what differs (their controls, what they describe and draw);
this keeps the plumbing in one place. Explorers need a running kernel (JupyterLab or Binder).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable

import plotly.graph_objects as go

from thaw.i18n import N_, _


class LinkedView:
    """A summary sentence and a chart, redrawn from ``describe()`` and ``draw()`` on every change.

    ``draw()`` may return None when the controls ask for something impossible: the chart
    area is then left empty and the sentence explains.
    """

    def __init__(self, describe: Callable[[], str], draw: Callable[[], go.Figure]):
        import ipywidgets as widgets

        self.summary = widgets.HTML()
        self.chart = widgets.Output()
        self._describe, self._draw = describe, draw
        self._followed: list = []

    def refresh(self, *changes) -> None:
        self.summary.value = f"<p>{self._describe()}</p>"
        with self.chart:
            self.chart.clear_output(wait=True)
            figure = self._draw()
            if figure is not None:  # None: nothing to draw (the sentence says why)
                figure.show()

    def follow(self, *controls) -> None:
        """Redraw whenever one of ``controls`` changes value."""
        for control in controls:
            control.observe(self.refresh, names="value")
            self._followed.append(control)

    @contextmanager
    def one_redraw(self):
        """Change several followed controls at once (new options, new values), then redraw once."""
        for control in self._followed:
            control.unobserve(self.refresh, names="value")
        try:
            yield
        finally:
            for control in self._followed:
                control.observe(self.refresh, names="value")
        self.refresh()

    def box(self, *controls):
        """The explorer as students see it: its controls, then the sentence, then the chart."""
        import ipywidgets as widgets

        self.refresh()
        return widgets.VBox([*controls, self.summary, self.chart])


def check_span(start, end, *, unit: str = "year", same_allowed: bool = True, show=str) -> str | None:
    """None when ``start`` to ``end`` is a span an explorer can compare, else the sentence that says why not.

    Every explorer checks its range with this, so students meet one wording:
    "The end year (1955) must not be earlier than the start year (1958). …".
    ``show`` writes a value for the sentence (e.g. :func:`thaw.charts.fmt_date`).
    """
    if end < start or (end == start and not same_allowed):
        sentences = _SPAN_PROBLEMS.get(unit)
        if sentences is None:
            raise ValueError(f"Unknown unit '{unit}'. Choose one of: {', '.join(_SPAN_PROBLEMS)}.")
        return _(sentences[same_allowed]).format(end=show(end), start=show(start))
    return None


#: What :func:`check_span` says, by unit, when the same start and end are not allowed (False) or are (True).
#: Whole sentences, so that a translation can word each one as its language needs.
_SPAN_PROBLEMS = {
    "year": {
        False: N_("The end year ({end}) must be later than the start year ({start}). "
                  "Choose a later end or an earlier start."),
        True: N_("The end year ({end}) must not be earlier than the start year ({start}). "
                 "Choose a later end or an earlier start."),
    },
    "date": {
        False: N_("The end date ({end}) must be later than the start date ({start}). "
                  "Choose a later end or an earlier start."),
        True: N_("The end date ({end}) must not be earlier than the start date ({start}). "
                 "Choose a later end or an earlier start."),
    },
}
