"""
gongkai's C++ core: parsing, tables as Eigen matrices, findings.
"""

from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing

__all__: list[str] = [
    "Corpus",
    "EncodingError",
    "Error",
    "Finding",
    "Indicator",
    "IndicatorValues",
    "ParseError",
    "Pooled",
    "Report",
    "TimeLimitError",
    "YearOverYear",
    "builtin_indicators",
    "cell_column",
    "cell_states",
    "check_copies",
    "check_report",
    "check_series",
    "check_series_corpus",
    "column_name",
    "compute_indicators",
    "layout_chars",
    "make_finding",
    "parse_bytes",
    "parse_many",
    "pdf_text",
    "pdfium_functions",
    "pool",
    "report_dict",
    "report_json",
    "rule_catalogue",
    "sections",
    "table2_fields",
    "table3_columns",
    "table3_rows",
    "table4_blocks",
    "table4_values",
    "text_similarity",
    "year_over_year",
]

class Error(Exception):
    pass

class EncodingError(Error):
    pass

class ParseError(Error):
    pass

class TimeLimitError(Error):
    pass

class Finding:
    """
    A finding about a report's content: a parse problem or an identity that does not hold.
    """
    def __repr__(self) -> str:
        """
        <Finding severity rule first cell (+n cells) line n: message, cut at 80 characters>.
        """
    @property
    def actual(self) -> float:
        """
        For arithmetic rules: the side as printed (NaN otherwise).
        """
    @property
    def cells(self) -> list[str]:
        """
        Cells involved, as 'table3/<row id>/<column id>'.
        """
    @property
    def column(self) -> int:
        """
        1-based column (in characters) in the decoded source, 0 when unknown.
        """
    @property
    def expected(self) -> float:
        """
        For arithmetic rules: the side the identity expects (NaN otherwise).
        """
    @property
    def line(self) -> int:
        """
        1-based line in the decoded source, 0 when the finding is about the whole report.
        """
    @property
    def message(self) -> str:
        """
        What is wrong, in words.
        """
    @property
    def rule(self) -> str:
        """
        Stable id of the rule, e.g. 'parse.row_missing'.
        """
    @property
    def severity(self) -> str:
        """
        'error', 'warning' or 'info'.
        """
    @property
    def suggested_cell(self) -> str:
        """
        The one cell whose change would satisfy every broken identity, or ''.
        """
    @property
    def suggested_value(self) -> float:
        """
        Its value then (NaN when there is no suggestion).
        """

class Report:
    """
    A parsed report (see gongkai.Report for the public API).
    """
    def _add_finding(
        self,
        rule: str,
        severity: str,
        message: str,
        cells: collections.abc.Sequence[str],
        line: typing.SupportsInt | typing.SupportsIndex = 0,
        column: typing.SupportsInt | typing.SupportsIndex = 0,
        suggested_cell: str = "",
        suggested_value: typing.SupportsFloat | typing.SupportsIndex = ...,
    ) -> None:
        """
        Add a parse finding decided in Python (the OCR findings of gongkai.ocr).
        """
    def _correct_agency(self, agency: str, message: str) -> None:
        """
        Replace the agency name read, with an info finding saying why (used by gongkai.parse).
        """
    @property
    def agency(self) -> str:
        """
        The agency, '' when the report does not say.
        """
    @property
    def encoding(self) -> str:
        """
        Encoding of the source: 'utf-8', 'gb18030', 'big5' or 'utf-16'.
        """
    @property
    def findings(self) -> list[Finding]:
        """
        What the parser found wrong while reading.
        """
    @property
    def format(self) -> str:
        """
        'text', 'html', 'docx', 'markdown' or 'pdf'.
        """
    @property
    def has_table2(self) -> bool:
        """
        Whether table 2 was found.
        """
    @property
    def has_table3(self) -> bool:
        """
        Whether table 3 was found.
        """
    @property
    def has_table4(self) -> bool:
        """
        Whether table 4 was found.
        """
    @property
    def preamble(self) -> str:
        """
        The text before section 一.
        """
    @property
    def sections(self) -> dict[str, str | None]:
        """
        The text of sections 一 to 六 by section id, None for a section not found.
        """
    @property
    def source(self) -> str:
        """
        The source as given to the parser (a path or a label).
        """
    @property
    def table2_fields(self) -> list[tuple[str, str]]:
        """
        (row id, value id) of the template's table 2 fields, the rows of table2_values.
        """
    @property
    def table2_origins(self) -> list[tuple[str, int, int, int, str]]:
        """
        (raw, line, column, offset, placement) per cell, row-major; placement is how the parser placed the value: label, order, cut or merged.
        """
    @property
    def table2_state(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"]:
        """
        The state of every table 2 cell, indexes of cell_states() (a view).
        """
    @property
    def table2_values(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Table 2: fields x 1, NaN where missing (a view).
        """
    @property
    def table3_origins(self) -> list[tuple[str, int, int, int, str]]:
        """
        (raw, line, column, offset, placement) per cell, row-major; placement is how the parser placed the value: label, order, cut or merged.
        """
    @property
    def table3_rows(self) -> list[str]:
        """
        Row ids of table 3 in this report's layout, the rows of table3_values.
        """
    @property
    def table3_state(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"]:
        """
        The state of every table 3 cell, indexes of cell_states() (a view).
        """
    @property
    def table3_values(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Table 3: rows x 7 applicant columns, NaN where missing (a view).
        """
    @property
    def table4_origins(self) -> list[tuple[str, int, int, int, str]]:
        """
        (raw, line, column, offset, placement) per cell, row-major; placement is how the parser placed the value: label, order, cut or merged.
        """
    @property
    def table4_state(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"]:
        """
        The state of every table 4 cell, indexes of cell_states() (a view).
        """
    @property
    def table4_values(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Table 4: 3 blocks x 5 values, NaN where missing (a view).
        """
    @property
    def template(self) -> str:
        """
        '2021', '2019' or 'none'.
        """
    @property
    def title(self) -> str:
        """
        The report's title.
        """
    @property
    def year(self) -> int:
        """
        The report year, 0 when the report does not say.
        """

class Corpus:
    """
    Reports held column-wise: one matrix per table (see gongkai.Corpus).
    """
    @staticmethod
    def from_arrays(
        table2: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"],
        table3: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"],
        table4: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"],
        state2: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8, "[m, n]"],
        state3: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8, "[m, n]"],
        state4: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8, "[m, n]"],
        year: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex],
        template: collections.abc.Sequence[str],
    ) -> Corpus:
        """
        A corpus from arrays (numbers without reports): reports x 32/182/15 columns.
        """
    @staticmethod
    def from_reports(reports: collections.abc.Sequence[Report]) -> Corpus:
        """
        A corpus of parsed reports, one row per report in their order.
        """
    def __len__(self) -> int:
        """
        The number of reports.
        """
    @property
    def state2(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"]:
        """
        The cell state of every table 2 cell, 255 where not applicable (a view).
        """
    @property
    def state3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"]:
        """
        The cell state of every table 3 cell, 255 where not applicable (a view).
        """
    @property
    def state4(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"]:
        """
        The cell state of every table 4 cell, 255 where not applicable (a view).
        """
    @property
    def table2(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Reports x 32 canonical table 2 cells, NaN where missing or not applicable (a view).
        """
    @property
    def table3(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Reports x 182 canonical table 3 cells, NaN where missing or not applicable (a view).
        """
    @property
    def table4(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Reports x 15 canonical table 4 cells, NaN where missing or not applicable (a view).
        """
    @property
    def template(self) -> list[str]:
        """
        The template of every report: '2021', '2019' or 'none'.
        """
    @property
    def year(self) -> list[int]:
        """
        The year of every report, 0 when unknown.
        """

class Indicator:
    """
    One indicator: a ratio of two sums of cells.
    """
    def __init__(
        self,
        id: str,
        zh: str,
        en: str,
        unit: str,
        rate: bool,
        numerator: list[tuple[str, float] | tuple[str, float, bool]],
        denominator: list[tuple[str, float] | tuple[str, float, bool]],
    ) -> None:
        """
        numerator/denominator: lists of (cell name, coefficient[, alternative]); an empty denominator is 1.
        """
    @property
    def denominator(self) -> list[tuple[str, float, bool]]:
        """
        (cell name, coefficient, alternative) of every cell summed below the line; empty: 1.
        """
    @property
    def en(self) -> str:
        """
        English name.
        """
    @property
    def id(self) -> str:
        """
        Stable id, e.g. 'applications_new'.
        """
    @property
    def numerator(self) -> list[tuple[str, float, bool]]:
        """
        (cell name, coefficient, alternative) of every cell summed above the line.
        """
    @property
    def rate(self) -> bool:
        """
        A ratio (changes in percentage points) rather than a count.
        """
    @property
    def unit(self) -> str:
        """
        Unit of the value, '' for none.
        """
    @property
    def zh(self) -> str:
        """
        Chinese name.
        """

class IndicatorValues:
    """
    Indicators of every report: reports x indicators matrices.
    """
    def value(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        numerator / denominator, NaN where the reason is not 0
        """
    @property
    def denominator(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Reports x indicators: the sums below the line, 1 for counts (a view).
        """
    @property
    def numerator(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Reports x indicators: the sums above the line (a view).
        """
    @property
    def reason(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"]:
        """
        Why a value is NaN: 0 defined, 1 an input missing, 2 a zero base, 3 not in the template (a view).
        """

class Pooled:
    """
    Indicators pooled by group: groups x indicators.
    """
    def value(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Rates: Σ numerators / Σ denominators; counts: the total (Σ numerators).
        """
    @property
    def denominator(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Groups x indicators: Σ denominators of those reports.
        """
    @property
    def numerator(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Groups x indicators: Σ numerators of the reports whose value is defined.
        """
    @property
    def reports(self) -> typing.Annotated[numpy.typing.NDArray[numpy.int64], "[m, n]"]:
        """
        Groups x indicators: the number of reports behind each value.
        """
    @property
    def total(self) -> list[bool]:
        """
        Per indicator: a count, pooled as the group's total.
        """

class YearOverYear:
    """
    Year over year for the same agency: one row per report with a previous year.
    """
    @property
    def change(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Rows x indicators: x(t) - x(t-1); for rates in percentage points.
        """
    @property
    def previous(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        Index of the report of the year before.
        """
    @property
    def previous_value(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Rows x indicators: x(t-1).
        """
    @property
    def relative(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Rows x indicators: x(t) / x(t-1) - 1 for counts; NaN for rates.
        """
    @property
    def report(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        Index of the later report.
        """
    @property
    def value(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Rows x indicators: x(t).
        """

def builtin_indicators() -> list[Indicator]:
    """
    The indicators of docs/indicators.md.
    """

def cell_column(name: str) -> tuple[int, int]:
    """
    (table, canonical column) of a cell name.
    """

def cell_states() -> list[str]:
    """
    Names of the cell states, indexed by the values of the *_state arrays.
    """

def check_copies(
    reports: collections.abc.Sequence[Report],
    narrative_threshold: typing.SupportsFloat | typing.SupportsIndex = 0.95,
    min_cases: typing.SupportsInt | typing.SupportsIndex = 10,
) -> list[tuple[int, Finding]]:
    """
    Copying across reports: (index of the second report, finding) for identical tables or near-identical narratives.
    """

def check_report(report: Report) -> list[Finding]:
    """
    The findings of every report-scope rule for one report (parse findings not included).
    """

def check_series(reports: collections.abc.Sequence[Report]) -> list[tuple[int, Finding]]:
    """
    One agency's reports sorted by year: (index of the later report, finding) per broken chain.
    """

def check_series_corpus(
    corpus: Corpus,
    agency: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex],
    source: collections.abc.Sequence[str],
) -> list[tuple[int, Finding]]:
    """
    The series rules (carry-over chain, stock of documents) between the reports of one agency (id per report, -1: not compared) whose years follow each other: (index of the later report, finding).
    """

def column_name(
    table: typing.SupportsInt | typing.SupportsIndex, column: typing.SupportsInt | typing.SupportsIndex
) -> str:
    """
    The cell name of a canonical column.
    """

def compute_indicators(corpus: Corpus, indicators: collections.abc.Sequence[Indicator]) -> IndicatorValues:
    """
    Numerators, denominators and reasons of the indicators for every report of a corpus.
    """

def layout_chars(pages: list, layout: bool = True, join_wrapped_numbers: bool = True) -> tuple:
    """
    The text of pages given as characters with boxes (as recognised by OCR), laid out as pdf_text lays out a PDF's characters. ``pages`` is a list of (width, height, codes, boxes, blank, rules): the page's size in points, its characters' code points (n), their boxes (n x 4: x0, top, x1, bottom in points from the top left), whether each is white space (n), and its ruling lines (m x 4). Returns the text and an array of its words, one row each: page, index of the word's first character in that page, byte offset in the text, bytes.
    """

def make_finding(rule: str, message: str, cells: collections.abc.Sequence[str]) -> Finding:
    """
    A finding of a catalogue rule, its severity from the catalogue (for rules decided in Python).
    """

def parse_bytes(
    data: bytes,
    source: str = "",
    format: str = "auto",
    time_limit: typing.SupportsFloat | typing.SupportsIndex = 0.0,
) -> Report:
    """
    Parse a report from raw bytes (UTF-8, GB18030/GBK; text or HTML). The GIL is released while parsing. time_limit > 0: seconds the parse may take, past which it raises TimeLimitError.
    """

def parse_many(
    data: list[bytes],
    sources: collections.abc.Sequence[str],
    formats: collections.abc.Sequence[str],
    workers: typing.SupportsInt | typing.SupportsIndex = 1,
    progress: collections.abc.Callable[[int, int], typing.Any] | None = None,
    progress_interval_ms: typing.SupportsInt | typing.SupportsIndex = 100,
    check: bool = False,
    seconds_per_input: typing.SupportsFloat | typing.SupportsIndex = 0.0,
) -> list[tuple[Report | None, str, str, list[Finding]]]:
    """
    Parse many reports from raw bytes on `workers` C++ threads, the GIL released.

    Returns one (Report | None, error type, message, findings) per input, in input order,
    whatever the number of workers: error type is '' for a report read, else 'EncodingError',
    'ParseError', 'Error', 'Exception' or 'TimeLimitError' (an input whose parse took longer than
    `seconds_per_input`, when that is > 0); findings are those of the report-scope rules
    (check_report) when `check`, run on the worker threads too, else empty.
    `progress(done, total)` is called on the calling
    thread, at most every `progress_interval_ms` and once at the end; an exception it raises
    (KeyboardInterrupt included) stops the batch.
    """

def pdf_text(
    data: bytes,
    pdfium: collections.abc.Mapping[str, typing.SupportsInt | typing.SupportsIndex],
    layout: bool = True,
    join_wrapped_numbers: bool = True,
) -> str:
    """
    The text of the PDF in ``data``, laid out like ``pdftotext -layout`` (``layout=False``: each line's words joined by one space), every page ending with a form feed. ``pdfium`` maps the name of every function of pdfium_functions() to its address in a loaded, initialised PDFium (calls into that library must not overlap: the caller holds a lock). Raises ParseError for bytes PDFium cannot open, saying why (damaged, encrypted).
    """

def pdfium_functions() -> list[str]:
    """
    The C names of the PDFium functions pdf_text calls.
    """

def pool(
    values: IndicatorValues,
    indicators: collections.abc.Sequence[Indicator],
    group: typing.Annotated[numpy.typing.NDArray[numpy.int64], "[m, 1]"],
    groups: typing.SupportsInt | typing.SupportsIndex,
) -> Pooled:
    """
    Sums of numerators and denominators per group (group id -1: left out); counts pooled as totals.
    """

def report_dict(
    report: Report,
    is_report: bool,
    checked: bool = False,
    extra_findings: collections.abc.Sequence[Finding] = [],
) -> typing.Any:
    """
    The report's JSON form as report_json writes it, built as dicts and lists without the text.
    """

def report_json(
    report: Report,
    is_report: bool,
    checked: bool = False,
    extra_findings: collections.abc.Sequence[Finding] = [],
    indent: typing.SupportsInt | typing.SupportsIndex = -1,
    depth: typing.SupportsInt | typing.SupportsIndex = 0,
) -> bytes:
    """
    The report's JSON form (docs/report-json.md) as UTF-8 bytes: its parse findings, those of check_report with checked, then extra_findings. is_report as decided by gongkai.Report.is_report. indent < 0: compact; else indented as json.dumps(indent=indent) writes an object at nesting level depth.
    """

def rule_catalogue() -> list[dict[str, str]]:
    """
    Every validation rule: id, severity, scope (report, series, corpus), zh, en, arithmetic.
    """

def sections() -> list[tuple[str, str]]:
    """
    (section id, label) of the narrative sections 一 to 六.
    """

def table2_fields(template: str) -> list[tuple[str, str, str, str, bool]]:
    """
    (row id, value id, row label, value label, is amount) of a template's table 2 fields.
    """

def table3_columns() -> list[tuple[str, str]]:
    """
    (column id, label) of table 3's 7 applicant columns.
    """

def table3_rows(layout: str) -> list[tuple[str, str]]:
    """
    (row id, label) of table 3's rows: 'full' (25 rows) or 'single_other' (23 rows).
    """

def table4_blocks() -> list[tuple[str, str]]:
    """
    (block id, label) of table 4's 3 blocks.
    """

def table4_values() -> list[tuple[str, str]]:
    """
    (value id, label) of the 5 values of each table 4 block.
    """

def text_similarity(a: str, b: str) -> float:
    """
    Jaccard similarity of the character 5-gram sets of two texts.
    """

def year_over_year(
    values: IndicatorValues,
    indicators: collections.abc.Sequence[Indicator],
    agency: typing.Annotated[numpy.typing.NDArray[numpy.int64], "[m, 1]"],
    year: typing.Annotated[numpy.typing.NDArray[numpy.int64], "[m, 1]"],
) -> YearOverYear:
    """
    Every report whose agency (an id per report, -1 unknown) has a report of the year before, and the changes.
    """
