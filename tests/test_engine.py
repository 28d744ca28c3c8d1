"""The layout engine's workarounds of its libraries, checked against the libraries themselves."""

from __future__ import annotations

import pydyf

from publisher.layout.weasy.engine import page_references_remembered


def _with_pages(count: int) -> pydyf.PDF:
    pdf = pydyf.PDF()
    for _ in range(count):
        page = pydyf.Dictionary({"Type": "/Page"})
        pdf.add_page(page)
    return pdf


def test_remembered_page_references_follow_added_pages() -> None:
    pdf = _with_pages(3)
    plain = pdf.page_references
    with page_references_remembered():
        assert pdf.page_references == plain
        first = pdf.page_references
        assert pdf.page_references is first  # made once, not on every read
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert len(pdf.page_references) == 4
        other = _with_pages(2)
        assert other.page_references == _plain_references(other)
        assert len(pdf.page_references) == 4
    assert pdf.page_references == _plain_references(pdf)
    assert pdf.page_references is not pdf.page_references  # pydyf's own property again


def _plain_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    return tuple(f"{number} 0 R".encode("ascii") for number in pdf.pages["Kids"][::3])
