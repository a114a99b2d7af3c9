"""Every page as a reader on a phone sees it: chart texts inside their charts, usable controls,
no table cut off. Also at desktop width: tables fit the text column."""

import pytest

from test_browser import open_page
from thaw.book.editions import editions
from thaw.book.toc import toc_pages
from thaw.paths import ROOT

#: Both editions: Indonesian words are longer, and must fit too.
PAGES = [f"{edition.prefix}{page}" for edition in editions(ROOT) for page in toc_pages()]
PHONES = [(360, "light"), (400, "dark")]  # each width once, each mode once: the geometry is the same

#: In the page: every text of every drawn chart that extends past its chart's box, and every
#: map or chart label cut off by its plot area (labels drawn with cliponaxis=false are not cut).
#: One line per problem.
CHART_TEXT_OUTSIDE = """() => {
  const problems = [];
  const label = el => (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  document.querySelectorAll('.thaw-chart .js-plotly-plot').forEach((chart, index) => {
    const svg = chart.querySelector('svg.main-svg').getBoundingClientRect();
    const title = label(chart.querySelector('.gtitle') || chart);
    const where = `chart ${index + 1} ("${title.slice(0, 40)}")`;
    const x = chart._fullLayout.xaxis, y = chart._fullLayout.yaxis;  // the plot area: its axes' extent
    const plot = {left: svg.left + x._offset, right: svg.left + x._offset + x._length,
                  top: svg.top + y._offset, bottom: svg.top + y._offset + y._length};
    const texts = chart.querySelectorAll(
      '.gtitle, .g-gtitle text, .annotation-text-g, .legendtext, .g-xtitle text, .g-ytitle text,'
      + ' .xtick text, .ytick text, .updatemenu-item-text, .updatemenu-header, .updatemenu-button,'
      + ' .slider-group text, .textpoint text, .bartext');
    texts.forEach(el => {
      if (!label(el) && !el.classList.contains('updatemenu-button')) return;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || getComputedStyle(el).visibility === 'hidden' || getComputedStyle(el).opacity === '0') return;
      const outside = ['left', 'right', 'top', 'bottom'].filter(side =>
        side === 'left' || side === 'top' ? box[side] < svg[side] - 1 : box[side] > svg[side] + 1);
      if (outside.length) {
        problems.push(`${where}: "${label(el)}" extends past the chart's ${outside.join(', ')} edge`);
        return;
      }
      const trace = el.closest('.trace');
      const clipped = trace && trace.__data__ && trace.__data__[0].trace.cliponaxis !== false;
      if ((el.closest('.textpoint') || el.classList.contains('bartext')) && clipped) {
        const cut = ['left', 'right', 'top', 'bottom'].filter(side =>
          side === 'left' || side === 'top' ? box[side] < plot[side] - 1 : box[side] > plot[side] + 1);
        if (cut.length) problems.push(`${where}: label "${label(el)}" is cut by the plot area's ${cut.join(', ')} edge`);
      }
    });
  });
  return problems;
}"""

#: In the page: every two notes or point labels of a chart that cover one another (source lines and
#: the chart's other texts have their own places).
CHART_TEXTS_OVERLAPPING = """() => {
  const problems = [];
  const label = el => (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  document.querySelectorAll('.thaw-chart .js-plotly-plot').forEach((chart, index) => {
    const where = `chart ${index + 1} ("${label(chart.querySelector('.gtitle') || chart)}")`;
    const texts = [...chart.querySelectorAll('.annotation-text-g, .textpoint text')]
      .filter(el => label(el) && !label(el).startsWith('Source'))
      .map(el => [el, el.getBoundingClientRect()]).filter(([el, box]) => box.width > 0);
    texts.forEach(([a, boxA], i) => texts.slice(i + 1).forEach(([b, boxB]) => {
      if (boxA.left < boxB.right - 1 && boxB.left < boxA.right - 1 && boxA.top < boxB.bottom - 1 && boxB.top < boxA.bottom - 1) {
        problems.push(`${where}: "${label(a)}" and "${label(b)}" cover one another`);
      }
    }));
  });
  return problems;
}"""

#: In the page: controls too small for a thumb (WCAG 2.2 target size, 24 × 24 CSS px) or
#: overlapping another control.
SMALL_OR_OVERLAPPING_CONTROLS = """() => {
  const problems = [];
  document.querySelectorAll('.thaw-chart .js-plotly-plot').forEach((chart, index) => {
    const title = (chart.querySelector('.gtitle') || {textContent: ''}).textContent.slice(0, 40);
    const controls = [...chart.querySelectorAll('.updatemenu-header, .updatemenu-button, .slider-rail-touch-rect')]
      .map(el => [el, el.getBoundingClientRect()]).filter(([el, box]) => box.width > 0);
    controls.forEach(([el, box]) => {
      if (box.width < 24 || box.height < 24) {
        problems.push(`chart ${index + 1} ("${title}"): control "${el.textContent.trim()}" is ${Math.round(box.width)} × ${Math.round(box.height)} px`);
      }
    });
    const menus = [...chart.querySelectorAll('.updatemenu-container > g')].map(g => g.getBoundingClientRect())
      .filter(box => box.width > 0);
    menus.forEach((a, i) => menus.slice(i + 1).forEach(b => {
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
        problems.push(`chart ${index + 1} ("${title}"): two menus overlap`);
      }
    }));
  });
  return problems;
}"""

#: In the page: tables whose columns are cut off with no way to scroll to them, and the page
#: itself wider than the screen. With ``fit``, also every table wider than its column.
TABLES_CUT = """(fit) => {
  const problems = [];
  const page = document.scrollingElement;
  if (page.scrollWidth > innerWidth + 1) problems.push(`the page is ${page.scrollWidth} px wide on a ${innerWidth} px screen`);
  document.querySelectorAll('#main-content article table').forEach(table => {
    const name = (table.querySelector('caption, th') || table).textContent.trim().slice(0, 50);
    let scroller = table.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
    const article = document.querySelector('#main-content article').getBoundingClientRect();
    const right = table.getBoundingClientRect().right;
    if (fit && table.getBoundingClientRect().width > article.width + 1) {
      problems.push(`table "${name}" is ${Math.round(table.getBoundingClientRect().width)} px wide in a ${Math.round(article.width)} px column`);
    } else if (!scroller && right > innerWidth + 1) {
      problems.push(`table "${name}" is cut off at the screen's edge with no way to scroll to it`);
    }
  });
  return problems;
}"""

#: In the page: words of a table that are split across two lines where they have no hyphen or dash
#: ("he|lpf|ul"). Addresses and code (in a link or code) may break anywhere, and so may punctuation
#: after them.
WORDS_SPLIT = """() => {
  const split = [];
  document.querySelectorAll('#main-content article table :is(th, td)').forEach(cell => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text.parentElement.closest('a, code')) continue;
      for (const word of text.data.matchAll(/[^\\s\\-\u2010-\u2015\\/]+/g)) {
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(box => box.width > 0).map(box => Math.round(box.top)));
        if (lines.size > 1 && /[\\p{L}\\p{N}]/u.test(word[0])) split.push(word[0]);  // not a lone "),"
      }
    }
  });
  return split;
}"""


def open_all_tables(page):
    page.evaluate("() => document.querySelectorAll('#main-content details').forEach(d => d.open = true)")


@pytest.mark.parametrize("width,mode", PHONES, ids=[f"{w}px-{m}" for w, m in PHONES])
@pytest.mark.parametrize("path", PAGES)
def test_charts_fit_a_phone(page, site_url, path, width, mode):
    page.set_viewport_size({"width": width, "height": 780})
    page.emulate_media(color_scheme=mode)
    open_page(page, site_url, path)
    assert page.evaluate(CHART_TEXT_OUTSIDE) == []
    assert page.evaluate(CHART_TEXTS_OVERLAPPING) == []
    assert page.evaluate(SMALL_OR_OVERLAPPING_CONTROLS) == []
    open_all_tables(page)
    assert page.evaluate(TABLES_CUT, False) == []
    assert page.evaluate(WORDS_SPLIT) == [], "words of a table split across lines"


@pytest.mark.parametrize("path", PAGES)
def test_tables_fit_the_text_column_on_a_wide_screen(page, site_url, path):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, site_url, path, draw_all=False)
    open_all_tables(page)
    assert page.evaluate(TABLES_CUT, True) == []


def test_charts_fit_again_when_the_screen_turns(page, site_url):
    """Drawn on a wide screen, then the screen narrows (a phone turned, a window resized): each chart
    is drawn again for its new width, and fits it."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_page(page, site_url, "notebooks/08-limits-of-the-thaw.html")
    page.set_viewport_size({"width": 360, "height": 780})
    page.wait_for_function("""() => [...document.querySelectorAll('.thaw-chart .js-plotly-plot')].every(
        chart => chart.dataset.drawn === 'true' && Math.abs(chart.thawWidth - chart.clientWidth) <= 2)""")
    assert page.evaluate(CHART_TEXT_OUTSIDE) == []
