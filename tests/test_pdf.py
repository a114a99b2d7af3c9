"""The whole course as a PDF (make pdf): every page printed, every chart drawn, pages that render."""

import json
import re
import subprocess
import sys
import unicodedata

import pypdfium2
import pytest

from thaw.quiz import self_check_questions
from thaw.book.sphinxext.charts import read_figures
from thaw.book.toc import toc_pages


@pytest.fixture(scope="module")
def course_pdf(built_site, tmp_path_factory):
    """`make pdf`'s own entry point, in its own process (Playwright's sync API wants its own loop)."""
    output = tmp_path_factory.mktemp("pdf") / "course.pdf"
    result = subprocess.run([sys.executable, "-m", "thaw.book.pdf", str(output)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    drawn = json.loads(result.stdout.split("charts per page: ", 1)[1])
    return output, drawn


@pytest.fixture(scope="module")
def pdf_text(course_pdf):
    """The PDF's text, read once (with PDFium, the library Chromium prints with)."""
    output, _ = course_pdf
    document = pypdfium2.PdfDocument(str(output))
    return " ".join(document[index].get_textpage().get_text_range() for index in range(len(document)))


def test_every_page_is_printed_with_all_its_charts(course_pdf, built_site):
    _, drawn = course_pdf
    assert list(drawn) == toc_pages()
    for path, count in drawn.items():
        expected = (built_site / path).read_text(encoding="utf-8").count('class="thaw-chart"')
        assert count == expected, path


def test_chart_text_is_in_the_pdf(pdf_text, built_site):
    for path in toc_pages():
        charts = list(read_figures(built_site, path)["charts"].values())
        if charts:  # the first chart's title, drawn as SVG text, is searchable in the PDF
            title = re.split(r"<|\n", charts[0]["layout"]["title"]["text"])[0]
            assert len(title) >= 12 and title[:30] in pdf_text, path


def test_pages_render_to_images_with_content(course_pdf):
    output, _ = course_pdf
    document = pypdfium2.PdfDocument(str(output))
    assert len(document) > 50
    for index in (0, len(document) // 2, len(document) - 1):
        pixels = document[index].render(scale=0.5).to_numpy()
        assert (pixels < 240).mean() > 0.005, f"page {index} is blank"


def test_self_checks_print_with_the_courses_answers(pdf_text):
    """On paper nothing can be clicked: every self-check question prints with its answer."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", pdf_text))  # NFKC: the fonts' "ﬀ" ligatures
    for number in ("01", "05", "10"):
        for question in self_check_questions(number):
            answer = re.sub(r"\s+", " ", dict(question.options)[question.answer])
            assert f"Answer: {answer}"[:40] in text, (number, question.key)
