"""Identifier parsing: every pasted form, canonical output, and no crash on junk."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmcat import ids
from fmcat.errors import UsageError

ARXIV_FORMS = [
    "2301.04558",
    "2301.04558v2",
    "arXiv:2301.04558",
    "arxiv: 2301.04558v12",
    "https://arxiv.org/abs/2301.04558v3",
    "https://arxiv.org/pdf/2301.04558.pdf",
    "https://arxiv.org/pdf/2301.04558v1",
    "http://export.arxiv.org/abs/2301.04558",
    "https://www.arxiv.org/abs/2301.04558?context=cs",
    "10.48550/arXiv.2301.04558",
    "https://doi.org/10.48550/ARXIV.2301.04558",
]


@pytest.mark.parametrize("form", ARXIV_FORMS)
def test_every_arxiv_form_gives_the_bare_id(form):
    assert ids.parse_identifier(form).value == "2301.04558"
    assert ids.parse_identifier(form).kind == "arxiv"


@pytest.mark.parametrize(
    ("form", "canonical"),
    [
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.GT/0309136", "math/0309136"),
        ("quant-ph/0201082v1", "quant-ph/0201082"),
        ("https://arxiv.org/abs/astro-ph/0601001", "astro-ph/0601001"),
        ("0704.0001", "0704.0001"),
        ("1412.6980", "1412.6980"),
    ],
)
def test_old_style_and_four_digit_ids(form, canonical):
    assert ids.parse_identifier(form).value == canonical


@pytest.mark.parametrize(
    "form",
    [
        "10.1038/s41586-023-05881-4",
        "doi:10.1038/S41586-023-05881-4",
        "DOI: 10.1038/s41586-023-05881-4",
        "https://doi.org/10.1038/s41586-023-05881-4",
        "https://dx.doi.org/10.1038/s41586-023-05881-4",
        "http://doi.org/10.1038%2Fs41586-023-05881-4",
    ],
)
def test_every_doi_form_gives_the_lower_case_bare_doi(form):
    parsed = ids.parse_identifier(form)
    assert (parsed.kind, parsed.value) == ("doi", "10.1038/s41586-023-05881-4")


@pytest.mark.parametrize(
    "bad", ["2301.0455", "banana", "2313.04558", "1501.1234", "1412.12345", "10.12/x", ""]
)
def test_malformed_tokens_are_rejected_with_the_accepted_forms(bad):
    with pytest.raises(UsageError) as info:
        ids.parse_identifier(bad)
    assert "accepted:" in str(info.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://link.springer.com/chapter/10.1007/978-3-030-59713-9_51",
            "doi:10.1007/978-3-030-59713-9_51",
        ),
        ("https://www.nature.com/articles/s41551-022-00936-9", "doi:10.1038/s41551-022-00936-9"),
        ("https://dl.acm.org/doi/10.1145/3503161.3547948", "doi:10.1145/3503161.3547948"),
        (
            "https://onlinelibrary.wiley.com/doi/full/10.1002/jor.1100150407",
            "doi:10.1002/jor.1100150407",
        ),
        (
            "https://link.springer.com/content/pdf/10.1007/978-3-031-19809-0_39.pdf",
            "doi:10.1007/978-3-031-19809-0_39",
        ),
        (
            "https://link.springer.com/chapter/10.1007/978-3-031-20059-5_1/",
            "doi:10.1007/978-3-031-20059-5_1",
        ),
        ("https://openaccess.thecvf.com/content/ICCV2021/html/Huang.html", None),
    ],
)
def test_identifier_from_publisher_urls(url, expected):
    found = ids.identifier_from_url(url)
    assert (str(found) if found else None) == expected


new_style = st.builds(
    lambda yy, mm, n, v: (f"{yy:02d}{mm:02d}", n, v),
    st.integers(15, 99),
    st.integers(1, 12),
    st.integers(0, 99999),
    st.none() | st.integers(1, 30),
)


@given(
    new_style,
    st.sampled_from(
        [
            "{}",
            "arXiv:{}",
            "https://arxiv.org/abs/{}",
            "https://arxiv.org/pdf/{}.pdf",
            "10.48550/arXiv.{}",
        ]
    ),
)
def test_new_style_ids_round_trip_through_every_form(parts, template):
    yymm, number, version = parts
    bare = f"{yymm}.{number:05d}"
    token = bare + (f"v{version}" if version else "")
    parsed = ids.parse_identifier(template.format(token))
    assert parsed.value == bare
    assert ids.is_canonical_arxiv(parsed.value)
    assert ids.parse_identifier(ids.arxiv_url(parsed.value)).value == bare


@given(st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9._\-()/:]{1,30}", fullmatch=True))
def test_dois_round_trip_through_the_resolver(doi):
    parsed = ids.try_parse_identifier(doi)
    if parsed is None or parsed.kind != "doi":
        return  # trailing punctuation stripped to nothing, or an arXiv DOI
    assert ids.parse_identifier(ids.doi_url(parsed.value)).value == parsed.value
    assert ids.is_canonical_doi(parsed.value)


@given(st.text())
def test_arbitrary_text_never_crashes(text):
    found = ids.try_parse_identifier(text)
    assert found is None or found.kind in ("arxiv", "doi")
    ids.identifier_from_url(text)


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        (
            "https://www.biorxiv.org/content/10.1101/2023.01.01.123456v2.full",
            "10.1101/2023.01.01.123456",
        ),
        (
            "https://www.medrxiv.org/content/10.1101/2023.02.03.23285387v1.full.pdf",
            "10.1101/2023.02.03.23285387",
        ),
        ("https://onlinelibrary.wiley.com/doi/10.1002/mp.16000/abstract", "10.1002/mp.16000"),
        ("https://doi.org/10.1038/s41586-023-05881-4.pdf", "10.1038/s41586-023-05881-4"),
        (
            "https://link.springer.com/content/pdf/10.1007/978-3-031-12673-4_3.pdf",
            "10.1007/978-3-031-12673-4_3",
        ),
        (
            "https://journals.sagepub.com/doi/full/10.1177/0278364919868017",
            "10.1177/0278364919868017",
        ),
    ],
)
def test_a_doi_loses_its_web_page_tail(url, doi):
    assert ids.identifier_from_url(url) == ids.Identifier("doi", doi)


def test_check_flags_a_doi_with_a_tail():
    from fmcat.validate import validate

    data = {"papers": {"p": {"title": "T", "doi": "10.1101/2023.01.01.123456v2.full"}}}
    [problem] = validate(data)
    assert problem.where == "papers.p.doi" and "'10.1101/2023.01.01.123456'" in problem.message
