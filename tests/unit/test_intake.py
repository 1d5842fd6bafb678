"""Issue-form bodies read into ``add`` requests: real bodies from public repositories
(``tests/data/issues``) and the edge cases a stranger's issue brings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmcat import intake
from fmcat.add import AddReport
from fmcat.dedupe import Cluster, Conflict
from fmcat.dedupe import Report as DedupeReport
from fmcat.errors import UsageError
from fmcat.model import Catalog, Entry, Section
from tests.conftest import DATA

ISSUES = DATA / "issues"
CATALOG = Catalog(
    sections=[
        Section("segmentation", "Segmentation models"),
        Section("segmentation/sam", "Segment Anything (SAM) in medical imaging"),
        Section("surveys", "Surveys and perspectives"),
    ]
)


def body(name: str) -> str:
    return (ISSUES / name).read_bytes().decode("utf-8")


def form(**fields: str) -> str:
    """A body laid out as GitHub lays out an issue-form submission."""
    return "\n\n".join(
        f"### {label}\n\n{value or '_No response_'}" for label, value in fields.items()
    )


def test_a_byte_exact_github_body_reads_field_by_field():
    raw = body("react-hook-form_react-hook-form_7315.md")
    assert "\r\n" in raw and not raw.endswith("\n")  # GitHub's own layout
    fields = intake.read_fields(raw)
    assert list(fields)[:2] == ["Version Number", "Codesandbox/Expo snack"]
    assert fields["Version Number"] == "7.22.1"
    assert fields["Relevant log output"] == ""  # _No response_
    assert (
        "\r" not in fields["Steps to reproduce"] and fields["Steps to reproduce"].count("\n") == 1
    )
    assert fields["Code of Conduct"].startswith("- [X] I agree")


def test_a_paper_list_form_gives_the_doi_of_its_publisher_link():
    request = intake.read_request(body("OpenEduTech_EduTechResearch_5.md"), CATALOG)
    assert [str(i) for i in request.identifiers] == ["doi:10.1007/978-3-030-58817-5_50"]


def test_a_link_with_a_query_still_gives_the_arxiv_id():
    request = intake.read_request(body("arXiv_html_feedback_4120.md"), CATALOG)
    assert [str(i) for i in request.identifiers] == ["arxiv:2502.21151"]


def test_a_publisher_page_without_an_identifier_is_one_clear_error():
    with pytest.raises(UsageError, match="names no arXiv id or DOI"):
        intake.read_request(body("X-lab2017_open-research_155.md"), CATALOG)


def test_a_value_github_fenced_as_code_is_unwrapped():
    fields = intake.read_fields(body("eddiejaoude_eddiejaoude_98.md"))
    assert fields["Environment"].startswith("- OS:") and "```" not in fields["Environment"]


def test_the_form_init_writes_reads_back_completely():
    text = form(
        **{
            "Paper link": "https://arxiv.org/abs/2304.12306?utm_source=twitter&utm_medium=social",
            "Section": "Segmentation models › Segment Anything (SAM) in medical imaging",
            "Code link": "[repo](https://github.com/bowang-lab/MedSAM)",
            "Note": "A  foundation\nmodel.",
        }
    )
    request = intake.read_request(text, CATALOG)
    assert [str(i) for i in request.identifiers] == ["arxiv:2304.12306"]
    assert request.options.sections == ["segmentation/sam"]
    assert request.options.code == "https://github.com/bowang-lab/MedSAM"
    assert request.options.note == "A foundation model."


def test_several_links_in_one_field_give_several_papers_once_each():
    text = form(
        **{
            "Paper link": "https://arxiv.org/abs/2304.12306 and "
            "https://doi.org/10.1038/s41586-023-05881-4, also arxiv.org/abs/2304.12306v2"
        }
    )
    found = [str(i) for i in intake.read_request(text, CATALOG).identifiers]
    assert found == ["arxiv:2304.12306", "doi:10.1038/s41586-023-05881-4"]


def test_bare_identifiers_and_a_section_id_are_taken():
    text = form(**{"Paper link": "2304.12306", "Section": "surveys", "Code link": "", "Note": ""})
    request = intake.read_request(text, CATALOG)
    assert [str(i) for i in request.identifiers] == ["arxiv:2304.12306"]
    assert request.options.sections == ["surveys"] and request.options.code is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"Paper link": ""}, "names no arXiv id"),
        ({"Paper link": "2304.12306", "Section": "Segmentaton models"}, "did you mean"),
        ({"Paper link": "2304.12306", "Code link": "javascript:alert(1)"}, None),
    ],
)
def test_what_cannot_be_taken_is_one_line(fields, message):
    text = form(**fields)
    if message is None:  # no web link in the code field: no code link, no error
        assert intake.read_request(text, CATALOG).options.code is None
        return
    with pytest.raises(UsageError, match=message):
        intake.read_request(text, CATALOG)


def test_the_pull_request_text_is_inert_and_names_what_to_check():
    entry = Entry(key="ma2023segment", title="@octocat <script>x</script> [link](https://e.vil)")
    report = AddReport(added=[entry], failed=[("arxiv:9999.99999", "not found on arXiv")])
    found = DedupeReport(
        duplicates=[Cluster(["ma2023segment", "ma2024segment"], "same DOI", 1.0, "ma2023segment")],
        conflicts=[
            Conflict("arxiv:2304.12306", ["ma2023segment", "other"], {"ma2023segment": "A"})
        ],
    )
    text = intake.pull_request_text(report, found)
    assert "\\@octocat" in text and "\\<script\\>" in text and "\\[link\\]" in text
    assert "duplicate: `ma2023segment`, `ma2024segment`" in text
    assert "arxiv:2304.12306 is on `ma2023segment`, `other`" in text
    assert "not added: arxiv:9999.99999" in text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#_ \n\r\t`[]()abcxyz:/.0123456789")), max_size=400))
def test_any_body_reads_or_is_one_usage_error(text):
    intake.read_fields(text)
    try:
        intake.read_request(text, CATALOG)
    except UsageError as err:
        assert "\n" not in str(err)
